package dev.shift.admin.http;

import dev.shift.core.audit.AuditPage;
import dev.shift.core.control.StoreUnavailableException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Deque;

/** GET /api/migration/audit?limit=50&offset=0 — newest first. */
final class AuditHandler implements HttpHandler {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AdminContext ctx;

    AuditHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        for (String name : exchange.getQueryParameters().keySet()) {
            if (!name.equals("limit") && !name.equals("offset")) {
                throw HttpProblem.badRequest("unknown query parameter \"" + name + "\"; allowed: limit (1.." + MAX_LIMIT + "), offset (0 or more)");
            }
        }
        int limit = intParam(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(exchange, "offset", 0, 0, Integer.MAX_VALUE);
        AuditPage page;
        try {
            page = ctx.store().audit(limit, offset);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(ctx.store().describe() + " cannot be read right now (" + e.getMessage() + "); try again", e);
        }
        Responses.json(exchange, 200, Views.audit(page));
    }

    static int intParam(HttpServerExchange exchange, String name, int dflt, int min, int max) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return dflt;
        }
        if (values.size() > 1) {
            throw HttpProblem.badRequest("query parameter \"" + name + "\" is given more than once");
        }
        String raw = values.getFirst();
        String allowed = max == Integer.MAX_VALUE ? "an integer ≥ " + min : "an integer from " + min + " to " + max;
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw HttpProblem.badRequest("query parameter \"" + name + "\" is " + v + "; it must be " + allowed);
            }
            return v;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("query parameter \"" + name + "\" must be " + allowed + ", got \"" + raw + "\"");
        }
    }
}
