package dev.shift.it.harness;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Shift's admin API as an operator uses it with curl: phase switches, status, audit. */
public final class AdminClient {

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(String adminUrl, String token) {
        this.base = adminUrl;
        this.token = token;
    }

    public ShopClient.Response switchToPhase(int phase) {
        return send(request("/api/migration/phase")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":" + phase + "}")));
    }

    /** A move that overrides quality checks of its gate (e.g. {@code writes-translatable}), with the reason. */
    public ShopClient.Response switchToPhase(int phase, String reason, String... overrides) {
        String list = java.util.Arrays.stream(overrides).map(o -> "\"" + o + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        return send(request("/api/migration/phase")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":" + phase + ",\"reason\":\"" + reason
                        + "\",\"override\":[" + list + "]}")));
    }

    public ShopClient.Response status() {
        return send(request("/api/migration/status").GET());
    }

    /**
     * Polls the status until the reverse sync has copied every phase-5 write into MySQL and MySQL's ids are above
     * Shift's ({@code reverseSync.caughtUp}); fails after {@code timeout} with the last status section.
     */
    public void awaitReverseSyncCaughtUp(Duration timeout) {
        poll("the reverse sync to catch up", timeout, () -> {
            Object r = JSON.std.mapFrom(status().expect(200).body()).get("reverseSync");
            return new Polled<>(r instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("caughtUp")) ? r : null, r);
        });
    }

    public ShopClient.Response audit() {
        return send(request("/api/migration/audit").GET());
    }

    /** {@code GET /api/migration/validation}: the phase-3 shadow-read report. */
    public ShopClient.Response validation() {
        return send(request("/api/migration/validation").GET());
    }

    /** {@code GET /api/migration/statements}: every statement shape seen, and whether DynamoDB can answer it. */
    public ShopClient.Response statements() {
        return send(request("/api/migration/statements").GET());
    }

    /** {@code POST /api/migration/jobs/backfill|verify}: starts the job inside the application (202). */
    public ShopClient.Response startJob(String kind, String optionsJson) {
        return send(request("/api/migration/jobs/" + kind).POST(HttpRequest.BodyPublishers.ofString(optionsJson)));
    }

    /**
     * Polls {@code GET /api/migration/jobs} until the run of {@code kind} ("backfill" or "verify") with an id above
     * {@code afterId} has ended; returns that run (state, counts, errors). Fails after {@code timeout}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> awaitJob(String kind, long afterId, Duration timeout) {
        return (Map<String, Object>) poll("the " + kind + " to end", timeout, () -> {
            Object run = JSON.std.mapFrom(send(request("/api/migration/jobs").GET()).expect(200).body()).get(kind);
            boolean ended = run instanceof Map<?, ?> m && ((Number) m.get("id")).longValue() > afterId
                    && !"running".equals(m.get("state"));
            return new Polled<>(ended ? run : null, run);
        });
    }

    /** One look: the value once there ({@code null} until then) and what was seen, for the failure message. */
    private record Polled<T>(T value, Object seen) {
    }

    private interface Look<T> {
        Polled<T> look() throws IOException;
    }

    /** Looks every 200 ms until a value is there; fails after {@code timeout} with the last thing seen. */
    private static <T> T poll(String what, Duration timeout, Look<T> look) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                Polled<T> p = look.look();
                if (p.value() != null) {
                    return p.value();
                }
                last = p.seen();
                Thread.sleep(200);
            } catch (IOException e) {
                throw new AssertionError("the admin API did not answer JSON while waiting for " + what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + " in vain; last seen: " + last);
    }

    /** {@code GET /metrics}: Prometheus text. */
    public ShopClient.Response metrics() {
        return send(request("/metrics").GET());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private ShopClient.Response send(HttpRequest.Builder req) {
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new ShopClient.Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("admin request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
