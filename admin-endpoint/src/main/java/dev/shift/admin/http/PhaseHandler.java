package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;
import dev.shift.core.control.ControlPlane;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * POST /api/migration/phase {"phase": n, "reason": "…"?, "override": ["shadow-coverage"]?}: 409 with every check
 * when the move is not ready (see {@code GET /api/migration/readiness}).
 */
final class PhaseHandler implements HttpHandler {

    static final String EXAMPLE = "{\"phase\": 2, \"reason\": \"optional text\", \"override\": [\"shadow-coverage\"]}";

    private final AdminContext ctx;

    PhaseHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE, "phase", "reason", "override");
        int phase = body.requiredInt("phase", ControlPlane.allowedPhases());
        ChangeResult r = ctx.plane().phase(phase, ApiChange.operator(exchange).name(), body.optionalReason().orElse(""),
                body.optionalStrings("override"));
        Responses.json(exchange, 200, Views.change(r, Views.status(ctx, r.state())));
    }
}
