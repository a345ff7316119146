package dev.shift.admin.http;

import io.undertow.server.HttpServerExchange;

import java.io.IOException;

/** Reads the JSON body of an API change request (Content-Type must be JSON when there is a body). */
final class ApiChange {

    private ApiChange() {
    }

    static JsonBody body(HttpServerExchange exchange, int limit, String example, String... allowed) throws IOException {
        String type = Bodies.mediaType(exchange);
        String text = Bodies.read(exchange, limit);
        if (!text.isEmpty() && !type.equals("application/json")) {
            throw new HttpProblem(415, "unsupported_media_type", "send the body as JSON with 'Content-Type: application/json', got "
                    + (type.isEmpty() ? "no Content-Type" : type) + "; e.g. " + example);
        }
        return JsonBody.parse(text, example, allowed);
    }

    static Operator operator(HttpServerExchange exchange) {
        return exchange.getAttachment(Authorized.OPERATOR);
    }
}
