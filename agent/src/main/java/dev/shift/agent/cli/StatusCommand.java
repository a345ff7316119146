package dev.shift.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code status}: what a running Shift is doing, from its admin port — the same answer as
 * {@code GET /api/migration/status}, laid out for a terminal.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Shows the phase, flags, counters and fleet of a running Shift.",
        description = "Asks a running Shift's admin port (GET /api/migration/status) and prints the answer.")
final class StatusCommand extends Cli.Base {

    @Option(names = "--admin-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9797",
            description = "the admin port of the application's Shift (default: ${DEFAULT-VALUE})")
    URI adminUrl;

    @Option(names = "--token", paramLabel = "TOKEN", description = "a read-only or operator token "
            + "(default: environment variable SHIFT_ADMIN_TOKEN; none for an open loopback panel)")
    String token;

    @Option(names = "--json", description = "print the JSON as the admin port sent it")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (adminUrl.getScheme() == null || !adminUrl.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--admin-url must be an http(s) URL, got " + adminUrl);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(adminUrl.resolve("/api/migration/status"))
                .timeout(Duration.ofSeconds(10)).GET();
        String bearer = token != null ? token : System.getenv("SHIFT_ADMIN_TOKEN");
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ctx.err().println("shift status: cannot reach Shift's admin port at " + adminUrl + " (" + e + ")");
            return Cli.ERROR;
        }
        if (response.statusCode() != 200) {
            ctx.err().println("shift status: the admin port answered HTTP " + response.statusCode() + ": "
                    + response.body());
            return Cli.ERROR;
        }
        if (json) {
            ctx.out().println(response.body());
        } else {
            print(JSON.std.mapFrom(response.body()), ctx.out());
        }
        return Cli.OK;
    }

    static void print(Map<String, Object> s, PrintStream out) {
        out.println("phase " + s.get("phase") + " — " + s.get("name") + " (version " + s.get("version")
                + ", since " + s.get("since") + ", by " + s.get("changedBy") + ")");
        Map<?, ?> flags = (Map<?, ?>) s.get("flags");
        StringBuilder f = new StringBuilder("flags  ");
        flags.forEach((k, v) -> f.append(k).append('=').append(Boolean.TRUE.equals(v) ? "on" : "off").append("  "));
        out.println(f.toString().stripTrailing());
        Map<?, ?> counters = (Map<?, ?>) s.get("counters");
        for (String store : List.of("mysql", "dynamodb")) {
            Map<?, ?> c = (Map<?, ?>) counters.get(store);
            if (c != null) {
                out.printf("%-8s reads %s  writes %s  errors %s  mean read %s ms  mean write %s ms%n", store,
                        c.get("reads"), c.get("writes"), c.get("errors"), orDash(c.get("meanReadMillis")),
                        orDash(c.get("meanWriteMillis")));
            }
        }
        out.println("untranslated statements " + counters.get("untranslatedStatements")
                + "  backlog (changes DynamoDB lacks) " + counters.get("pendingReplays"));
        if (s.get("reverseSync") instanceof Map<?, ?> r) {
            out.println("reverse sync (phase-5 writes MySQL lacks) " + r.get("pending")
                    + (Boolean.TRUE.equals(r.get("caughtUp")) ? "  caught up" : "  NOT caught up")
                    + (r.get("idsBehind") instanceof List<?> ids && !ids.isEmpty() ? "  ids: " + ids : "")
                    + (r.get("lastError") != null ? "  last copy failed: " + r.get("lastError") : ""));
        }
        List<?> instances = (List<?>) s.get("instances");
        if (instances != null && !instances.isEmpty()) {
            out.println("instances (" + (Boolean.TRUE.equals(s.get("fleetConverged")) ? "all on version "
                    + s.get("version") : "NOT all on version " + s.get("version")) + "):");
            for (Object o : instances) {
                Map<?, ?> i = (Map<?, ?>) o;
                out.println("  " + i.get("instanceId") + "  applied version " + i.get("appliedVersion")
                        + "  last seen " + i.get("lastSeen"));
            }
        }
    }

    private static Object orDash(Object v) {
        return v == null ? "–" : v;
    }
}
