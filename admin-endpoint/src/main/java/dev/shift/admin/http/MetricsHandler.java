package dev.shift.admin.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;

/** GET /metrics — Prometheus text format, written by the Prometheus client library. */
final class MetricsHandler implements HttpHandler {

    private final AdminContext ctx;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, ctx.registry().scrape());
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(out.toByteArray()));
    }
}
