package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** POST /ui/logout (form: csrf) */
final class UiLogoutHandler implements HttpHandler {

    private final AdminContext ctx;

    UiLogoutHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Forms form = Forms.read(exchange, ctx.bodyLimit());
        ctx.sessions().logout(exchange, UiChecks.sessionWithCsrf(exchange, ctx, form));
        Responses.redirectHome(exchange);
    }
}
