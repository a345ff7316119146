package dev.shift.admin.http;

import dev.shift.admin.control.ChangeResult;
import dev.shift.admin.control.ControlPlane;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** POST /api/migration/phase {"phase": n, "reason": "…"?} */
final class PhaseHandler implements HttpHandler {

    static final String EXAMPLE = "{\"phase\": 2, \"reason\": \"optional text\"}";

    private final AdminContext ctx;

    PhaseHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE, "phase", "reason");
        int phase = body.requiredInt("phase", ControlPlane.allowedPhases());
        ChangeResult r = ctx.plane().phase(phase, ApiChange.operator(exchange).name(), body.optionalReason().orElse(""));
        Responses.json(exchange, 200, Views.change(r, Views.status(ctx, r.state())));
    }
}
