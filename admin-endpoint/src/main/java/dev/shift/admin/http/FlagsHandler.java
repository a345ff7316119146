package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.Flags;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** PUT /api/migration/flags {"READ_MYSQL": b, "READ_DDB": b, "WRITE_MYSQL": b, "WRITE_DDB": b, "reason": "…"?} — all four required. */
final class FlagsHandler implements HttpHandler {

    static final String EXAMPLE = "{\"READ_MYSQL\": true, \"READ_DDB\": false, \"WRITE_MYSQL\": true, \"WRITE_DDB\": true}";

    private final AdminContext ctx;

    FlagsHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        JsonBody body = ApiChange.body(exchange, ctx.bodyLimit(), EXAMPLE,
                Flag.READ_MYSQL.name(), Flag.READ_DDB.name(), Flag.WRITE_MYSQL.name(), Flag.WRITE_DDB.name(), "reason");
        Flags flags = new Flags(body.requiredBoolean(Flag.READ_MYSQL.name()), body.requiredBoolean(Flag.READ_DDB.name()),
                body.requiredBoolean(Flag.WRITE_MYSQL.name()), body.requiredBoolean(Flag.WRITE_DDB.name()));
        ChangeResult r = ctx.plane().flags(flags, ApiChange.operator(exchange).name(), body.optionalReason().orElse(""));
        Responses.json(exchange, 200, Views.change(r, Views.status(ctx, r.state())));
    }
}
