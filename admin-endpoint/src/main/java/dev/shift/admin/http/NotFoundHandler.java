package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Any path not in the routing table. */
final class NotFoundHandler implements HttpHandler {

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        throw new HttpProblem(404, "not_found", "no such path: " + exchange.getRequestPath()
                + "; the API is under /api/migration/ (status, phase, flags, rollback, audit, validation), plus /health, /metrics and the panel at /");
    }
}
