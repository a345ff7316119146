package dev.shift.admin.http;

import com.fasterxml.jackson.jr.ob.JSON;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes responses; every one is uncacheable and sniff-proof, HTML ones also unframeable. */
final class Responses {

    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES);

    private Responses() {
    }

    static void json(HttpServerExchange exchange, int status, Object body) throws IOException {
        common(exchange, status, "application/json; charset=utf-8");
        exchange.getResponseSender().send(PRETTY.asString(body) + "\n");
    }

    static void html(HttpServerExchange exchange, int status, String page) {
        common(exchange, status, "text/html; charset=utf-8");
        exchange.getResponseHeaders()
                .put(HttpString.tryFromString("Content-Security-Policy"),
                        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
                                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .put(HttpString.tryFromString("X-Frame-Options"), "DENY")
                // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the panel's own form
                // posts, which the Origin check (a page elsewhere never posts a change) cannot tell from an attack.
                .put(HttpString.tryFromString("Referrer-Policy"), "same-origin");
        exchange.getResponseSender().send(page);
    }

    static void text(HttpServerExchange exchange, int status, String contentType, String body) {
        common(exchange, status, contentType);
        exchange.getResponseSender().send(body);
    }

    /**
     * The address the request came from, as the socket saw it (a forwarding header is not trusted: anyone can
     * send one). Behind a proxy every client is the proxy.
     */
    static String clientAddress(HttpServerExchange exchange) {
        java.net.InetSocketAddress a = exchange.getSourceAddress();
        return a == null ? "unknown" : a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    }

    /** 303 See Other to the panel: the Post/Redirect/Get step after a form. */
    static void redirectHome(HttpServerExchange exchange) {
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }

    static Map<String, Object> error(int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", code);
        m.put("message", message);
        return m;
    }

    private static void common(HttpServerExchange exchange, int status, String contentType) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, contentType)
                .put(Headers.CACHE_CONTROL, "no-store")
                .put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
    }
}
