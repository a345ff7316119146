package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Map;

/** A known path with the wrong method; says which methods it takes. */
final class MethodNotAllowedHandler implements HttpHandler {

    private final Map<String, String> allowedByPath;

    MethodNotAllowedHandler(Map<String, String> allowedByPath) {
        this.allowedByPath = Map.copyOf(allowedByPath);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String allowed = allowedByPath.getOrDefault(exchange.getRequestPath(), "");
        throw new HttpProblem(405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestPath() + "; use " + allowed, Map.of("Allow", allowed));
    }
}
