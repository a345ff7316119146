package dev.shift.admin.http;

import dev.shift.core.backlog.Backlog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.time.Instant;
import java.util.List;

/** GET /api/migration/backlog?limit=50 — how many changes wait for DynamoDB, how old, and the oldest entries. */
final class BacklogHandler implements HttpHandler {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AdminContext ctx;

    BacklogHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        for (String name : exchange.getQueryParameters().keySet()) {
            if (!name.equals("limit")) {
                throw HttpProblem.badRequest("unknown query parameter \"" + name + "\"; allowed: limit (1.." + MAX_LIMIT + ")");
            }
        }
        int limit = AuditHandler.intParam(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Backlog.Summary summary;
        List<Backlog.Entry> entries;
        try {
            summary = ctx.backlog().summary();
            entries = ctx.backlog().list(limit);
        } catch (RuntimeException e) {
            throw new HttpProblem(503, "store_unavailable", "the backlog cannot be read right now (" + e.getMessage() + "); try again");
        }
        Responses.json(exchange, 200, Views.backlog(summary, entries, limit, Instant.now()));
    }
}
