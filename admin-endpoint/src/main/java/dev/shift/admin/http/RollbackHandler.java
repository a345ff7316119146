package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** POST /api/migration/rollback with no body or {"reason": "…"}: back one phase. */
final class RollbackHandler implements HttpHandler {

    static final String EXAMPLE = "{\"reason\": \"optional text\"} or no body";

    private final AdminContext ctx;

    RollbackHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE, "reason");
        ChangeResult r = ctx.plane().rollback(ApiChange.operator(exchange).name(), body.optionalReason().orElse(""));
        Responses.json(exchange, 200, Views.change(r, Views.status(ctx, r.state())));
    }
}
