package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** GET /api/migration/jobs — the current or last backfill and verify runs, and the readiness signal. */
final class JobsHandler implements HttpHandler {

    private final AdminContext ctx;

    JobsHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getQueryParameters().isEmpty()) {
            throw HttpProblem.badRequest("unknown query parameter \"" + exchange.getQueryParameters().keySet().iterator().next()
                    + "\"; GET /api/migration/jobs takes none");
        }
        Responses.json(exchange, 200, Views.jobs(ctx.jobs()));
    }
}
