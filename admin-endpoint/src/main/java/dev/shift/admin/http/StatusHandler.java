package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** GET /api/migration/status */
final class StatusHandler implements HttpHandler {

    private final AdminContext ctx;

    StatusHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Responses.json(exchange, 200, Views.status(ctx, ctx.control().state()));
    }
}
