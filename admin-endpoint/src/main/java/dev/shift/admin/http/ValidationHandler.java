package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** GET /api/migration/validation — the shadow-read comparison report (placeholder until validation lands). */
final class ValidationHandler implements HttpHandler {

    private final AdminContext ctx;

    ValidationHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Responses.json(exchange, 200, Views.validation(ctx.validation().get()));
    }
}
