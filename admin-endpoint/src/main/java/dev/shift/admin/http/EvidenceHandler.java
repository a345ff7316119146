package dev.shift.admin.http;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.migration.Evidence;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * POST /api/migration/evidence: a backfill or verify that ran outside this process (the operator's CLI) reports its
 * outcome, so the transition gates of the whole fleet count it. Body:
 * {@code {"kind": "backfill"|"verify", "startedAt": "…Z", "finishedAt": "…Z", "complete": true, "differences": 0}}.
 */
final class EvidenceHandler implements HttpHandler {

    static final String EXAMPLE = "{\"kind\": \"verify\", \"startedAt\": \"2026-12-01T10:00:00Z\", "
            + "\"finishedAt\": \"2026-12-01T10:05:00Z\", \"complete\": true, \"differences\": 0}";

    private final AdminContext ctx;

    EvidenceHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE, "kind", "startedAt", "finishedAt",
                "complete", "differences", "reason");
        String kind = body.requiredString("kind");
        Action action = switch (kind) {
            case "backfill" -> Action.BACKFILL_DONE;
            case "verify" -> Action.VERIFY_DONE;
            default -> throw HttpProblem.badRequest("field \"kind\" is \"" + kind + "\"; it must be \"backfill\" or \"verify\"");
        };
        Instant started = instant(body, "startedAt");
        Instant finished = instant(body, "finishedAt");
        if (finished.isBefore(started) || finished.isAfter(Instant.now().plusSeconds(60))) {
            throw HttpProblem.badRequest("\"finishedAt\" must be after \"startedAt\" and not in the future");
        }
        boolean complete = body.requiredBoolean("complete");
        long differences = action == Action.VERIFY_DONE ? body.optionalInt("differences", 0, 0, Integer.MAX_VALUE) : 0;
        Map<String, String> facts = Evidence.facts(started, finished, complete, differences);
        String detail = kind + " run from the command line " + started + " → " + finished + ": "
                + (complete ? (action == Action.VERIFY_DONE ? differences + " difference(s)" : "complete") : "incomplete");
        var entry = ctx.plane().record(action, ApiChange.operator(exchange).name(),
                body.optionalReason().orElse(""), detail, facts);
        Responses.json(exchange, 200, AuditJson.toMap(entry));
    }

    private static Instant instant(JsonBody body, String name) {
        String text = body.requiredString(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("field \"" + name + "\" is \"" + text + "\"; it must be an ISO-8601 instant like "
                    + "2026-12-01T10:00:00Z");
        }
    }
}
