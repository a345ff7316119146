package com.acme.shop.web;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** One user's HTTP session with the shop (own cookies). Redirects are not followed unless asked. */
final class Browser {

    private final URI base;
    private final HttpClient client;
    private final HttpClient following;

    Browser(URI base) {
        this.base = base;
        CookieManager cookies = new CookieManager();
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.following = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Reply(int status, String body, HttpResponse<String> response) {
        Map<String, Object> json() {
            try {
                return JSON.std.mapFrom(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String location() {
            return response.headers().firstValue("Location").orElse(null);
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String path() {
            return response.uri().getPath();
        }
    }

    Reply get(String path) throws Exception {
        return send(client, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** GET, following redirects. */
    Reply open(String path) throws Exception {
        return send(following, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** Submits a form (POST, urlencoded) and follows the redirect like a browser. */
    Reply submit(String path, String... nameValues) throws Exception {
        return send(following, form(path, nameValues));
    }

    /** Submits a form without following the redirect. */
    Reply post(String path, String... nameValues) throws Exception {
        return send(client, form(path, nameValues));
    }

    Reply json(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (body instanceof String s) {
            publisher = HttpRequest.BodyPublishers.ofString(s);
        } else {
            publisher = HttpRequest.BodyPublishers.ofString(JSON.std.asString(body));
        }
        return send(client, HttpRequest.newBuilder(base.resolve(path)).method(method, publisher)
                .header("Content-Type", "application/json").header("Accept", "application/json"));
    }

    Reply apiLogin(String username, String password) throws Exception {
        return json("POST", "/api/login", map("username", username, "password", password));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private HttpRequest.Builder form(String path, String... nameValues) {
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < nameValues.length; i += 2) {
            body.add(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static Reply send(HttpClient client, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }
}
