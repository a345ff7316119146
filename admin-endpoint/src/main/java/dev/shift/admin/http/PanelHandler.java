package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** GET / — the control panel, or the login form when tokens are configured and nobody is logged in. */
final class PanelHandler implements HttpHandler {

    private final AdminContext ctx;

    PanelHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Sessions.Session session = ctx.sessions().findOrCreate(exchange);
        if (session.operator == null) {
            Responses.html(exchange, 200, Page.login(session.csrf, session.takeFlash()));
            return;
        }
        Responses.html(exchange, 200, Page.panel(ctx, session, session.takeFlash()));
    }
}
