package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.util.Locale;

/**
 * On a loopback bind, only requests addressed to a loopback name are served. This stops DNS
 * rebinding: a web page whose own host name resolves to 127.0.0.1 would otherwise be "same origin"
 * with the panel and could drive it from the operator's browser.
 */
final class HostCheck implements HttpHandler {

    private final HttpHandler next;

    HostCheck(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host != null && !isLoopbackName(stripPort(host))) {
            throw new HttpProblem(403, "forbidden", "this admin endpoint is bound to loopback and answers only to localhost, "
                    + "127.0.0.1 or [::1]; the request was addressed to another host name");
        }
        next.handleRequest(exchange);
    }

    /**
     * Exactly {@code localhost}, a literal IPv4 address in 127.0.0.0/8 or {@code [::1]}: names that never reach DNS.
     * {@code 127.0.0.1.evil.example}, {@code 127.evil.example} or {@code 127.0.0.1evil} are names a rebinding attacker
     * controls, and are refused.
     */
    static boolean isLoopbackName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("localhost") || n.equals("[::1]") || n.equals("::1") || LOOPBACK_V4.matcher(n).matches();
    }

    private static final java.util.regex.Pattern LOOPBACK_V4 = java.util.regex.Pattern.compile(
            "127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
