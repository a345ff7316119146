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
        String path = exchange.getRequestPath();
        String allowed = allowedByPath.get(path);
        if (allowed == null) {
            // a templated route, e.g. /api/migration/backlog/{id}/retry
            allowed = allowedByPath.entrySet().stream()
                    .filter(e -> e.getKey().contains("{") && path.matches(e.getKey().replaceAll("\\{[^}]+}", "[^/]+")))
                    .map(Map.Entry::getValue).findFirst().orElse("");
        }
        throw new HttpProblem(405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestPath() + "; use " + allowed, Map.of("Allow", allowed));
    }
}
