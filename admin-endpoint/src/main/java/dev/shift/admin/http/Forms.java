package dev.shift.admin.http;

import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A submitted application/x-www-form-urlencoded form (what plain HTML forms send). */
final class Forms {

    private final Map<String, String> fields;

    private Forms(Map<String, String> fields) {
        this.fields = fields;
    }

    static Forms read(HttpServerExchange exchange, int limit) throws IOException {
        String type = Bodies.mediaType(exchange);
        if (!type.equals("application/x-www-form-urlencoded")) {
            throw new HttpProblem(415, "unsupported_media_type", "the panel's forms send application/x-www-form-urlencoded, got "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        Map<String, String> m = new LinkedHashMap<>();
        String body = Bodies.read(exchange, limit);
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.putIfAbsent(k, v); // first one wins: duplicate fields are not something our forms send
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("the form is not valid application/x-www-form-urlencoded");
            }
        }
        return new Forms(m);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    boolean checked(String name) {
        return fields.containsKey(name);
    }

    /** The optional reason text, trimmed and bounded like the JSON API's. */
    Optional<String> reason() {
        return get("reason").map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.length() > JsonBody.MAX_REASON ? s.substring(0, JsonBody.MAX_REASON) : s);
    }
}
