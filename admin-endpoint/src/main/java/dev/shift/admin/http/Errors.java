package dev.shift.admin.http;

import dev.shift.core.control.ChangeRefusedException;
import dev.shift.core.control.StoreUnavailableException;
import dev.shift.core.control.TransitionRefusedException;
import dev.shift.core.store.VersionConflictException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Map;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where exceptions become responses: 4xx with the message for what the client can fix,
 * 500 with a generic message (details only in the log) for our own failures. The panel's paths get a
 * small HTML page, everything else JSON.
 */
final class Errors implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(Errors.class.getName());

    private final HttpHandler next;

    Errors(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable t) {
            respond(exchange, t);
        }
    }

    static void respond(HttpServerExchange exchange, Throwable t) {
        if (exchange.isResponseStarted()) {
            LOG.log(Level.WARNING, "failure after the response started: " + exchange.getRequestPath(), t);
            exchange.endExchange();
            return;
        }
        int status;
        String code;
        String message;
        if (t instanceof HttpProblem p) {
            status = p.status();
            code = p.code();
            message = p.getMessage();
            p.headers().forEach((k, v) -> exchange.getResponseHeaders().put(HttpString.tryFromString(k), v));
        } else if (t instanceof TransitionRefusedException) {
            status = 409;
            code = "not_ready";
            message = t.getMessage();
        } else if (t instanceof ChangeRefusedException) {
            status = 400;
            code = "refused";
            message = t.getMessage();
        } else if (t instanceof StoreUnavailableException) {
            status = 503;
            code = "store_unavailable";
            message = t.getMessage();
            LOG.log(Level.WARNING, message, t.getCause());
        } else if (t instanceof VersionConflictException) {
            status = 409;
            code = "conflict";
            message = t.getMessage();
        } else {
            status = 500;
            code = "internal_error";
            message = "the admin endpoint failed (" + t.getClass().getSimpleName() + "); see the application log";
            LOG.log(Level.SEVERE, "admin request " + exchange.getRequestMethod() + " " + exchange.getRequestPath() + " failed", t);
        }
        if (status == 413) {
            // The rest of an oversized body is not worth reading just to keep the connection.
            exchange.setPersistent(false);
        }
        try {
            if (isPanelPath(exchange.getRequestPath())) {
                Responses.html(exchange, status, Page.error(status, message));
            } else {
                Map<String, Object> body = Responses.error(status, code, message);
                if (t instanceof TransitionRefusedException refused) {
                    body.put("checks", Views.checks(refused.checks()));
                }
                Responses.json(exchange, status, body);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot write the error response", e);
            exchange.endExchange();
        }
    }

    private static boolean isPanelPath(String path) {
        return path.equals("/") || path.startsWith("/ui/");
    }
}
