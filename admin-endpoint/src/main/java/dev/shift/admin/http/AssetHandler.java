package dev.shift.admin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** GET /ui/panel.css and /ui/panel.js — served from the jar, so the CSP can forbid inline code. */
final class AssetHandler implements HttpHandler {

    private final String contentType;
    private final String body;

    AssetHandler(String resource, String contentType) {
        this.contentType = contentType;
        try (InputStream in = AssetHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Responses.text(exchange, 200, contentType, body);
    }
}
