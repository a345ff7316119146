package dev.shift.admin.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Plays a form-only browser against the panel: one cookie, posts forms, reads the page. */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final Http http;
    String cookie;
    String lastSetCookie;

    Browser(Http http) {
        this.http = http;
    }

    Http.Response open() {
        Http.Response r = http.send(request("/").GET().build());
        remember(r);
        return r;
    }

    /** The CSRF token in the page the browser last opened. */
    String csrf() {
        Matcher m = CSRF.matcher(open().body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the page");
        }
        return m.group(1);
    }

    Http.Response post(String path, Map<String, String> fields) {
        return post(path, fields, null);
    }

    /** As a page of {@code origin} would post the form (null: no Origin header, as curl). */
    Http.Response post(String path, Map<String, String> fields, String origin) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded");
        if (origin != null) {
            request.header("Origin", origin);
        }
        Http.Response r = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        remember(r);
        return r;
    }

    /** Posts with this page's CSRF token added. */
    Http.Response submit(String path, String... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrf());
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        return post(path, fields);
    }

    Http.Response login(String token) {
        return submit("/ui/login", "token", token);
    }

    /** The text of the element with this id on the current page (first match, tags stripped). */
    String text(String id) {
        return textIn(open().body(), id);
    }

    static String textIn(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</", Pattern.DOTALL).matcher(html);
        return m.find() ? m.group(1).replaceAll("<[^>]+>", "").trim() : null;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private void remember(Http.Response r) {
        r.headers().firstValue("Set-Cookie").ifPresent(c -> {
            lastSetCookie = c;
            cookie = c.substring(0, c.indexOf(';'));
        });
    }
}
