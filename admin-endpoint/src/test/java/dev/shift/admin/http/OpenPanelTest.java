package dev.shift.admin.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loopback with no tokens: the zero-config panel of the demo and the workshop, changes by "local". */
class OpenPanelTest {

    @Test
    void noTokensOnLoopbackMeansOpenAndChangesAreByLocal(@TempDir Path dir) {
        try (Fixture f = new Fixture(dir, Map.of())) {
            Browser b = new Browser(f.http);
            String html = b.open().body();
            assertTrue(html.contains("id=\"phase-number\""), "panel without login");
            assertTrue(html.contains("open panel"), "says so");

            b.submit("/ui/phase", "phase", "2");
            assertEquals(2, f.control.flags().phaseNumber());

            assertEquals(200, f.http.postJson("/api/migration/phase", null, "{\"phase\": 3}").status());
            Map<String, Object> audit = f.http.get("/api/migration/audit", null).json();
            List<?> entries = (List<?>) audit.get("entries");
            assertEquals(List.of("local", "local"), entries.stream().map(e -> ((Map<?, ?>) e).get("operator")).toList());

            // Open still means same-site only: a page elsewhere cannot drive it from the operator's browser.
            assertEquals(403, f.http.send("POST", "/api/migration/phase", null, "{\"phase\": 4}", "application/json",
                    "Origin", "http://evil.example").status());
            assertEquals(403, b.post("/ui/phase", Map.of("phase", "4")).status(), "forms still need the CSRF token");
            Map<String, String> withToken = Map.of("phase", "4", "csrf", b.csrf());
            assertEquals(403, b.post("/ui/phase", withToken, "http://127.0.0.1.evil.example:" + f.server.port())
                    .status(), "a form posted by a page of another origin is refused, CSRF token or not");
            assertEquals(3, f.control.flags().phaseNumber());
        }
    }
}
