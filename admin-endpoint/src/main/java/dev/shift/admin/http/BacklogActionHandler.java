package dev.shift.admin.http;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST /api/migration/backlog/{id}/retry and /discard, no body or {"reason": "…"}: resolves the entry now, or
 * forgets it. 404 for an unknown id, 503 with the store's refusal when a retry (or discard) cannot be done now
 * (the entry stays). Each one done is audited.
 */
final class BacklogActionHandler implements HttpHandler {

    static final String EXAMPLE = "{\"reason\": \"optional text\"} or no body";

    private final AdminContext ctx;
    private final Action action;

    private BacklogActionHandler(AdminContext ctx, Action action) {
        this.ctx = ctx;
        this.action = action;
    }

    static BacklogActionHandler retry(AdminContext ctx) {
        return new BacklogActionHandler(ctx, Action.BACKLOG_RETRY);
    }

    static BacklogActionHandler discard(AdminContext ctx) {
        return new BacklogActionHandler(ctx, Action.BACKLOG_DISCARD);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Deque<String> raw = exchange.getQueryParameters().get("id");
        for (String name : exchange.getQueryParameters().keySet()) {
            if (!name.equals("id")) {
                throw HttpProblem.badRequest("unknown query parameter \"" + name + "\"; the reason goes in the body, e.g. " + EXAMPLE);
            }
        }
        if (raw != null && raw.size() > 1) {
            throw HttpProblem.badRequest("query parameter \"id\" is not allowed; the entry's id is part of the path");
        }
        long id = parseId(raw == null ? "" : raw.getFirst());
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE, "reason");
        Done d = act(ctx, action, id, ApiChange.operator(exchange).name(), body.optionalReason().orElse(""));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("action", action == Action.BACKLOG_RETRY ? "retry" : "discard");
        m.put("message", d.message());
        m.put("backlog", ctx.backlogSummary().map(s -> Views.backlogSummary(s, java.time.Instant.now())).orElse(null));
        m.put("audit", AuditJson.toMap(d.audit()));
        Responses.json(exchange, 200, m);
    }

    /** The id path segment: a positive integer. */
    static long parseId(String raw) {
        try {
            long id = Long.parseLong(raw.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest("backlog entry id must be a positive integer, got \"" + abbreviate(raw)
                + "\"; the ids are listed by GET /api/migration/backlog");
    }

    record Done(AuditEntry audit, String message) {
    }

    /** Retries or discards entry {@code id} as {@code operator}; 404 / 503 as {@link HttpProblem}. */
    static Done act(AdminContext ctx, Action action, long id, String operator, String reason) {
        Backlog backlog = ctx.backlog();
        // The entry as it was, for the audit trail: its scope says what the operator resolved or dropped.
        Optional<Backlog.Entry> before = find(backlog, id);
        boolean found;
        try {
            found = action == Action.BACKLOG_RETRY ? backlog.retry(id) : backlog.discard(id);
        } catch (BacklogException e) {
            String verb = action == Action.BACKLOG_RETRY ? "retry" : "discard";
            throw new HttpProblem(503, "store_unavailable", verb + " of backlog entry " + id + " failed: " + e.getMessage()
                    + "; the entry stays in the backlog");
        } catch (RuntimeException e) {
            throw new HttpProblem(503, "store_unavailable", "the backlog cannot be changed right now (" + e.getMessage()
                    + "); the entry stays in the backlog");
        }
        if (!found) {
            throw new HttpProblem(404, "not_found", "no backlog entry " + id
                    + " (already resolved or discarded); GET /api/migration/backlog lists the waiting ones");
        }
        String what = (action == Action.BACKLOG_RETRY ? "retried backlog entry " + id + ": copied into DynamoDB"
                : "discarded backlog entry " + id + ": nothing copied")
                + before.map(e -> " (" + String.join("; ", e.scope()) + ", recorded " + e.recordedAt() + ", "
                + e.attempts() + " attempt(s) before)").orElse("");
        return new Done(ctx.plane().record(action, operator, reason, what), what);
    }

    private static Optional<Backlog.Entry> find(Backlog backlog, long id) {
        try {
            List<Backlog.Entry> oldest = backlog.list(BacklogHandler.MAX_LIMIT);
            return oldest.stream().filter(e -> e.id() == id).findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
