package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /health — liveness of the admin endpoint plus the phase and version this instance runs, and whether DynamoDB is
 * degraded (still 200: the application is up, and a load balancer must not take it out for DynamoDB's trouble).
 */
final class HealthHandler implements HttpHandler {

    private final AdminContext ctx;

    HealthHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "UP");
        m.put("phase", ctx.control().flags().phaseNumber());
        m.put("version", ctx.control().state().version());
        String trouble = ctx.metrics().dynamoDbTrouble();
        m.put("dynamodb", trouble == null ? "ok" : "degraded: " + trouble);
        Responses.json(exchange, 200, m);
    }
}
