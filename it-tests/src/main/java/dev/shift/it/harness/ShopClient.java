package dev.shift.it.harness;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One shopper's session against the shop's JSON API (cookies kept), the way a load test or a
 * browser would use it. Responses are returned raw so tests can assert status and body.
 */
public final class ShopClient {

    private final String base;
    private final HttpClient http;

    public ShopClient(String shopUrl) {
        this.base = shopUrl;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public record Response(int status, String body) {
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public Response login(String user, String password) {
        return post("/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    public Response addToCart(long productId, int quantity) {
        return post("/api/cart/items", "{\"productId\":" + productId + ",\"quantity\":" + quantity + "}");
    }

    public Response changeQuantity(long productId, int quantity) {
        return send(request("/api/cart/items/" + productId)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}")));
    }

    public Response removeFromCart(long productId) {
        return send(request("/api/cart/items/" + productId).DELETE());
    }

    public Response cart() {
        return get("/api/cart");
    }

    public Response checkout() {
        return post("/api/checkout", "{}");
    }

    public Response orders() {
        return get("/api/orders");
    }

    public Response order(long id) {
        return get("/api/orders/" + id);
    }

    public Response cancel(long id) {
        return post("/api/orders/" + id + "/cancel", "{}");
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private Response send(HttpRequest.Builder req) {
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("shop request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
