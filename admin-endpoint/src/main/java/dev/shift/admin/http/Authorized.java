package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token check in front of an API route. Refusals here are never audited: the audit trail is
 * for changes, and an unauthenticated request changes nothing. The token itself is never logged.
 */
final class Authorized implements HttpHandler {

    /** The operator of the current request, for the route behind this check. */
    static final AttachmentKey<Operator> OPERATOR = AttachmentKey.create(Operator.class);

    enum Need { READ, CHANGE }

    private static final String CHALLENGE = "Bearer realm=\"shift\"";

    private final Tokens tokens;
    private final FailedLogins failedLogins;
    private final Need need;
    private final HttpHandler next;

    private Authorized(AdminContext ctx, Need need, HttpHandler next) {
        this.tokens = ctx.tokens();
        this.failedLogins = ctx.failedLogins();
        this.need = need;
        this.next = next;
    }

    static HttpHandler toRead(AdminContext ctx, HttpHandler next) {
        return new Authorized(ctx, Need.READ, next);
    }

    static HttpHandler toChange(AdminContext ctx, HttpHandler next) {
        return new Authorized(ctx, Need.CHANGE, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Operator operator = authenticate(exchange);
        if (need == Need.CHANGE) {
            refuseCrossOrigin(exchange);
            if (!operator.mayChange()) {
                throw new HttpProblem(403, "forbidden", "operator " + operator.name()
                        + " has a read-only token; changing the flags needs an operator token");
            }
        }
        exchange.putAttachment(OPERATOR, operator);
        next.handleRequest(exchange);
    }

    private Operator authenticate(HttpServerExchange exchange) {
        if (tokens.open()) {
            return Operator.LOCAL;
        }
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new HttpProblem(401, "unauthorized", "missing bearer token: send the header 'Authorization: Bearer <token>'",
                    Map.of("WWW-Authenticate", CHALLENGE));
        }
        Optional<Operator> found = failedLogins.operator(tokens, header.substring(7).strip(), Responses.clientAddress(exchange));
        return found.orElseThrow(() -> new HttpProblem(401, "unauthorized", "the bearer token is not one of the configured tokens",
                Map.of("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"")));
    }

    /**
     * A browser on another site can POST to a loopback port (and on an open, token-less panel that would
     * be a change). Browsers always send Origin on such requests; curl and scripts send none.
     */
    static void refuseCrossOrigin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        String originHost = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        if (host == null || !originHost.equalsIgnoreCase(host)) {
            throw new HttpProblem(403, "forbidden", "cross-origin change requests are refused (Origin " + origin + ")");
        }
    }
}
