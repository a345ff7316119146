package dev.shift.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The way from the operator's command line to the application's Shift: its admin port. Backfill and verify report
 * their outcome there (so the phase gates of the whole fleet count them), and backfill asks the phase first.
 */
final class AdminLink {

    @Option(names = "--admin-url", paramLabel = "URL",
            description = {"the admin port of the application's Shift, e.g. http://127.0.0.1:9797: the run is recorded",
                    "there as evidence for phase moves (and a backfill is refused while MySQL is not written)"})
    URI adminUrl;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "an operator token for --admin-url (default: env SHIFT_ADMIN_TOKEN)")
    String token;

    boolean linked() {
        return adminUrl != null;
    }

    void check() {
        if (adminUrl != null && (adminUrl.getScheme() == null || !adminUrl.getScheme().startsWith("http"))) {
            throw new IllegalArgumentException("--admin-url must be an http(s) URL, got " + adminUrl);
        }
    }

    /** GET /api/migration/status, parsed. */
    Map<String, Object> status() throws IOException, InterruptedException {
        return JSON.std.mapFrom(send(HttpRequest.newBuilder(adminUrl.resolve("/api/migration/status")).GET(), 200));
    }

    /** Whether the application's phase writes MySQL (a backfill copies MySQL's rows, so it needs that). */
    boolean mysqlWritten() throws IOException, InterruptedException {
        Map<?, ?> flags = (Map<?, ?>) status().get("flags");
        return Boolean.TRUE.equals(flags.get("WRITE_MYSQL"));
    }

    /** POST /api/migration/evidence: this run's outcome. */
    void report(String kind, Instant startedAt, Instant finishedAt, boolean complete, long differences)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("startedAt", startedAt.toString());
        body.put("finishedAt", finishedAt.toString());
        body.put("complete", complete);
        if (kind.equals("verify")) {
            body.put("differences", differences);
        }
        send(HttpRequest.newBuilder(adminUrl.resolve("/api/migration/evidence"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body))), 200);
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        String bearer = token != null ? token : System.getenv("SHIFT_ADMIN_TOKEN");
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException("the admin port at " + adminUrl + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
