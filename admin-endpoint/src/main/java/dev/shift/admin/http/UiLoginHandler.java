package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Optional;
import java.util.logging.Logger;

/** POST /ui/login (form: csrf, token) — exchanges a token for a session; the token is not kept. */
final class UiLoginHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(UiLoginHandler.class.getName());

    private final AdminContext ctx;

    UiLoginHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Forms form = Forms.read(exchange, ctx.bodyLimit());
        Sessions.Session session = UiChecks.sessionWithCsrf(exchange, ctx, form);
        String token = form.get("token").map(String::strip).orElse("");
        String from = Responses.clientAddress(exchange);
        Optional<Operator> operator;
        try {
            operator = ctx.failedLogins().operator(ctx.tokens(), token, from);
        } catch (HttpProblem heldBack) {
            session.flash = new Sessions.Flash(false, "Login refused: " + heldBack.getMessage() + ".");
            Responses.redirectHome(exchange);
            return;
        }
        if (operator.isEmpty()) {
            LOG.info("panel login refused from " + from + ": unknown token");
            session.flash = new Sessions.Flash(false, "Login refused: that token is not configured for this agent.");
        } else {
            Sessions.Session fresh = ctx.sessions().login(exchange, session, operator.get());
            LOG.info("panel login by " + operator.get());
            fresh.flash = new Sessions.Flash(true, "Logged in as " + operator.get() + ".");
        }
        Responses.redirectHome(exchange);
    }
}
