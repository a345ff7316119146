package dev.shift.admin.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog over the REST API: size and age, the oldest entries, retry and discard, and bad input. */
class BacklogApiTest {

    @TempDir
    Path dir;
    FakeBacklog backlog = new FakeBacklog()
            .add(7, Duration.ofSeconds(30), "shopping_carts user_id=3")
            .add(5, Duration.ofMinutes(5), "orders id=11", "order_items order_id=11")
            .add(9, Duration.ofSeconds(2), "shopping_carts user_id=4");
    Fixture f;
    Http http;

    @BeforeEach
    void start() {
        f = new Fixture(dir, b -> b.backlog(backlog));
        http = f.http;
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void listsTheOldestEntriesWithSizeAndAge() {
        Http.Response r = http.get("/api/migration/backlog", VIEWER);

        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertEquals(3, body.get("pending"));
        double age = ((Number) body.get("oldestAgeSeconds")).doubleValue();
        assertTrue(age >= 300 && age < 310, "age " + age);
        assertEquals(50, body.get("limit"));
        List<?> entries = (List<?>) body.get("entries");
        assertEquals(3, entries.size());
        Map<?, ?> oldest = (Map<?, ?>) entries.get(0);
        assertEquals(5, oldest.get("id"));
        assertEquals(List.of("orders id=11", "order_items order_id=11"), oldest.get("scope"));
        assertEquals(2, oldest.get("attempts"));
        assertEquals("DynamoDB unreachable", oldest.get("lastError"));
        assertTrue(((Number) oldest.get("ageSeconds")).doubleValue() >= 300);

        List<?> one = (List<?>) http.get("/api/migration/backlog?limit=1", VIEWER).json().get("entries");
        assertEquals(1, one.size());
        assertEquals(5, ((Map<?, ?>) one.get(0)).get("id"));
    }

    @Test
    void statusCarriesTheBacklogAndPendingReplaysComesFromIt() {
        f.metrics.pendingReplaysFrom(() -> 99);   // the backlog wins when one is set
        Map<String, Object> s = http.get("/api/migration/status", VIEWER).json();
        assertEquals(3, ((Map<?, ?>) s.get("counters")).get("pendingReplays"));
        Map<?, ?> b = (Map<?, ?>) s.get("backlog");
        assertEquals(3, b.get("pending"));
        assertTrue(((Number) b.get("oldestAgeSeconds")).doubleValue() >= 300);

        backlog.entries.clear();
        Map<?, ?> empty = (Map<?, ?>) http.get("/api/migration/status", VIEWER).json().get("backlog");
        assertEquals(0, empty.get("pending"));
        assertNull(empty.get("oldestAgeSeconds"));
    }

    @Test
    void retryResolvesTheEntryAndIsAudited() {
        Http.Response r = http.postJson("/api/migration/backlog/5/retry", ALICE, "{\"reason\": \"DynamoDB is back\"}");

        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("retry 5"), backlog.done);
        Map<String, Object> body = r.json();
        assertEquals(5, body.get("id"));
        assertEquals("retry", body.get("action"));
        assertEquals(2, ((Map<?, ?>) body.get("backlog")).get("pending"));
        Map<?, ?> audit = (Map<?, ?>) body.get("audit");
        assertEquals("backlog_retry", audit.get("action"));
        assertEquals("alice", audit.get("operator"));
        assertEquals("DynamoDB is back", audit.get("reason"));
        assertTrue(((String) audit.get("summary")).startsWith("retried backlog entry 5: copied into DynamoDB (orders id=11; "
                + "order_items order_id=11"), audit.toString());

        Map<?, ?> trail = (Map<?, ?>) ((List<?>) http.get("/api/migration/audit", VIEWER).json().get("entries")).get(0);
        assertEquals("backlog_retry", trail.get("action"));
        assertEquals(audit.get("summary"), trail.get("summary"));

        // done once: the same id again is unknown
        Http.Response again = http.postJson("/api/migration/backlog/5/retry", ALICE, "");
        assertEquals(404, again.status());
        assertEquals("not_found", again.json().get("error"));
    }

    @Test
    void discardForgetsTheEntryAndIsAudited() {
        Http.Response r = http.send("POST", "/api/migration/backlog/7/discard", ALICE, null, null);

        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("discard 7"), backlog.done);
        Map<?, ?> audit = (Map<?, ?>) r.json().get("audit");
        assertEquals("backlog_discard", audit.get("action"));
        assertNull(audit.get("reason"));
        assertTrue(((String) audit.get("summary")).startsWith("discarded backlog entry 7: nothing copied"), audit.toString());
        assertEquals(2, ((Number) http.get("/api/migration/backlog", VIEWER).json().get("pending")).intValue());
    }

    @Test
    void aRetryTheStoreRefusesAnswers503WithItsMessageAndKeepsTheEntry() {
        backlog.refusing.add(9L);

        Http.Response r = http.postJson("/api/migration/backlog/9/retry", ALICE, "");

        assertEquals(503, r.status(), r.body());
        assertEquals("store_unavailable", r.json().get("error"));
        String message = (String) r.json().get("message");
        assertTrue(message.contains("retry of backlog entry 9 failed: DynamoDB refused: ProvisionedThroughputExceededException"), message);
        assertEquals(3, backlog.entries.size());
        assertEquals(0, ((Number) http.get("/api/migration/audit", VIEWER).json().get("total")).intValue(), "nothing done, nothing audited");
    }

    @Test
    void unknownIdsAre404() {
        assertEquals(404, http.postJson("/api/migration/backlog/12345/retry", ALICE, "").status());
        assertEquals(404, http.postJson("/api/migration/backlog/12345/discard", ALICE, "").status());
        assertEquals(List.of(), backlog.done);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "1.5", "99999999999999999999"})
    void badIdsAre400(String id) {
        Http.Response r = http.postJson("/api/migration/backlog/" + id + "/retry", ALICE, "");
        assertEquals(400, r.status(), r.body());
        assertTrue(((String) r.json().get("message")).contains("backlog entry id must be a positive integer"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=501", "limit=abc", "limit=1&limit=2", "offset=3"})
    void badQueriesAre400(String query) {
        Http.Response r = http.get("/api/migration/backlog?" + query, VIEWER);
        assertEquals(400, r.status(), r.body());
        assertEquals("bad_request", r.json().get("error"));
        String message = (String) r.json().get("message");
        assertTrue(message.contains("limit") || message.contains("offset"), message);
    }

    @Test
    void badBodiesAndMethods() {
        Http.Response unknown = http.postJson("/api/migration/backlog/5/retry", ALICE, "{\"force\": true}");
        assertEquals(400, unknown.status());
        assertTrue(((String) unknown.json().get("message")).contains("unknown field \"force\""));
        assertEquals(400, http.postJson("/api/migration/backlog/5/discard", ALICE, "{\"reason\": 1}").status());
        assertEquals(415, http.send("POST", "/api/migration/backlog/5/retry", ALICE, "x", "text/plain").status());
        Http.Response get = http.get("/api/migration/backlog/5/retry", ALICE);
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
        assertEquals(405, http.postJson("/api/migration/backlog", ALICE, "").status());
        assertEquals(List.of(), backlog.done);
    }

    @Test
    void readsNeedAnyTokenAndChangesAnOperatorToken() {
        assertEquals(401, http.get("/api/migration/backlog", null).status());
        assertEquals(401, http.postJson("/api/migration/backlog/5/retry", null, "").status());
        assertEquals(403, http.postJson("/api/migration/backlog/5/retry", VIEWER, "").status());
        assertEquals(403, http.postJson("/api/migration/backlog/5/discard", VIEWER, "").status());
        Http.Response foreign = http.send("POST", "/api/migration/backlog/5/discard", ALICE, null, null, "Origin", "http://evil.example");
        assertEquals(403, foreign.status());
        assertEquals(List.of(), backlog.done);
    }

    @Test
    void aBrokenBacklogKeepsStatusUp() {
        backlog.broken = true;
        Http.Response r = http.get("/api/migration/backlog", VIEWER);
        assertEquals(503, r.status());
        assertTrue(((String) r.json().get("message")).contains("outbox table unreachable"));
        Http.Response s = http.get("/api/migration/status", VIEWER);
        assertEquals(200, s.status());
        assertNull(s.json().get("backlog"));
        assertEquals(-1, ((Map<?, ?>) s.json().get("counters")).get("pendingReplays"));
    }

    @Test
    void withoutABacklogTheOldReplaySourceFeedsPendingReplays(@TempDir Path other) {
        try (Fixture plain = new Fixture(other)) {
            plain.metrics.pendingReplaysFrom(() -> 4);
            Map<String, Object> s = plain.http.get("/api/migration/status", VIEWER).json();
            assertEquals(4, ((Map<?, ?>) s.get("counters")).get("pendingReplays"));
            assertEquals(0, ((Map<?, ?>) s.get("backlog")).get("pending"));
            assertEquals(404, plain.http.postJson("/api/migration/backlog/1/retry", ALICE, "").status());
        }
    }
}
