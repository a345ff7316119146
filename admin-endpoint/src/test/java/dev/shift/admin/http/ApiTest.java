package dev.shift.admin.http;

import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API over real HTTP: happy paths, every kind of bad input, and auth. */
class ApiTest {

    @TempDir
    Path dir;
    Fixture f;
    Http http;

    @BeforeEach
    void start() {
        f = new Fixture(dir);
        http = f.http;
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void statusShowsPhaseFlagsCountersAndInstances() {
        f.metrics.read(Store.MYSQL);
        f.metrics.recordWrite(Store.DYNAMODB, 2_000_000);
        f.metrics.untranslatedStatement();
        f.metrics.pendingReplaysFrom(() -> 7);

        Http.Response r = http.get("/api/migration/status", VIEWER);

        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        Map<String, Object> s = r.json();
        assertEquals(1, s.get("phase"));
        assertEquals("MySQL only", s.get("name"));
        assertEquals(Map.of("READ_MYSQL", true, "READ_DDB", false, "WRITE_MYSQL", true, "WRITE_DDB", false), s.get("flags"));
        assertEquals(0, s.get("version"));
        assertEquals("start-up", s.get("changedBy"));
        assertNotNull(s.get("since"));
        Map<?, ?> counters = (Map<?, ?>) s.get("counters");
        assertEquals(1, ((Map<?, ?>) counters.get("mysql")).get("reads"));
        assertEquals(1, ((Map<?, ?>) counters.get("dynamodb")).get("writes"));
        assertEquals(2.0, ((Map<?, ?>) counters.get("dynamodb")).get("meanWriteMillis"));
        assertEquals(1, counters.get("untranslatedStatements"));
        assertEquals(7, counters.get("pendingReplays"));
        List<?> instances = (List<?>) s.get("instances");
        assertEquals(1, instances.size());
        assertEquals("test-instance", ((Map<?, ?>) instances.get(0)).get("instanceId"));
        assertEquals(true, s.get("fleetConverged"));
    }

    @Test
    void phaseChangeIsAppliedAuditedAndAnsweredWithTheNewState() {
        Http.Response r = http.postJson("/api/migration/phase", ALICE, "{\"phase\": 3, \"reason\": \"start validating\"}");

        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertEquals(true, body.get("changed"));
        assertEquals(3, ((Map<?, ?>) body.get("status")).get("phase"));
        Map<?, ?> audit = (Map<?, ?>) body.get("audit");
        assertEquals("alice", audit.get("operator"));
        assertEquals("phase", audit.get("action"));
        assertEquals("start validating", audit.get("reason"));
        assertEquals(Phase.DUAL_READ.flags(), f.control.flags(), "in force at once");
        assertEquals("alice", f.control.state().changedBy());

        Map<String, Object> trail = http.get("/api/migration/audit", VIEWER).json();
        assertEquals(1, trail.get("total"));
        Map<?, ?> e = (Map<?, ?>) ((List<?>) trail.get("entries")).get(0);
        assertEquals(1, ((Map<?, ?>) e.get("before")).get("phase"));
        assertEquals(3, ((Map<?, ?>) e.get("after")).get("phase"));
        assertEquals("phase 1 (MySQL only) → phase 3 (Dual write, dual read (validation))", e.get("summary"));
        assertNotNull(e.get("at"));
    }

    @Test
    void samePhaseAgainChangesNothingAndIsNotAudited() {
        Http.Response r = http.postJson("/api/migration/phase", ALICE, "{\"phase\": 1}");
        assertEquals(200, r.status());
        assertEquals(false, r.json().get("changed"));
        assertNull(r.json().get("audit"));
        assertEquals(0, http.get("/api/migration/audit", ALICE).json().get("total"));
    }

    @Test
    void flagsPutSetsAllFourSwitches() {
        Http.Response r = http.putJson("/api/migration/flags", ALICE,
                "{\"READ_MYSQL\": true, \"READ_DDB\": false, \"WRITE_MYSQL\": true, \"WRITE_DDB\": true}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Phase.DUAL_WRITE.flags(), f.control.flags());
        assertEquals("flags", ((Map<?, ?>) r.json().get("audit")).get("action"));
    }

    @Test
    void rollbackGoesBackOnePhaseAndIsRefusedAtPhaseOne() {
        Http.Response refused = http.send("POST", "/api/migration/rollback", ALICE, null, null);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().get("message").toString().contains("already in phase 1"), refused.body());

        http.postJson("/api/migration/phase", ALICE, "{\"phase\": 5}");
        Http.Response r = http.postJson("/api/migration/rollback", ALICE, "{\"reason\": \"checkout errors\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(4, f.control.flags().phaseNumber());
        assertEquals("rollback", ((Map<?, ?>) r.json().get("audit")).get("action"));
        assertEquals(2, http.get("/api/migration/audit", ALICE).json().get("total"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown phase           | {"phase": 9}                       | unknown phase 9; allowed phases: 1 (MySQL only)
            phase zero              | {"phase": 0}                       | unknown phase 0
            phase as string         | {"phase": "3"}                     | field "phase" must be an integer
            phase as decimal        | {"phase": 2.5}                     | field "phase" must be an integer
            phase as bool           | {"phase": true}                    | field "phase" must be an integer
            phase null              | {"phase": null}                    | must not be null
            phase huge              | {"phase": 123456789012}            | out of range
            phase missing           | {}                                 | missing field "phase"
            unknown field           | {"phase": 2, "force": true}        | unknown field "force"; allowed fields: phase, reason
            reason wrong type       | {"phase": 2, "reason": 5}          | field "reason" must be a string
            malformed JSON          | {"phase": 2                        | malformed JSON
            trailing garbage        | {"phase": 2} {"phase": 5}          | unexpected content after the object
            duplicate key           | {"phase": 2, "phase": 5}           | Duplicate key
            array body              | [2]                                | must be a JSON object
            bare number             | 2                                  | must be a JSON object
            """)
    void badPhaseRequestsAre400AndChangeNothing(String name, String body, String message) {
        Http.Response r = http.postJson("/api/migration/phase", ALICE, body);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").toString().contains(message), r.body());
        assertNothingChanged();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            refused combination | {"READ_MYSQL": false, "READ_DDB": true, "WRITE_MYSQL": true, "WRITE_DDB": false} | READ_DDB without WRITE_DDB
            nothing written     | {"READ_MYSQL": true, "READ_DDB": false, "WRITE_MYSQL": false, "WRITE_DDB": false} | no store would be written
            one flag missing    | {"READ_MYSQL": true, "READ_DDB": false, "WRITE_MYSQL": true}                       | missing field "WRITE_DDB"
            string for boolean  | {"READ_MYSQL": "yes", "READ_DDB": false, "WRITE_MYSQL": true, "WRITE_DDB": false} | field "READ_MYSQL" must be a boolean
            number for boolean  | {"READ_MYSQL": 1, "READ_DDB": false, "WRITE_MYSQL": true, "WRITE_DDB": false}     | field "READ_MYSQL" must be a boolean
            lower-case name     | {"read_mysql": true}                                                               | unknown field "read_mysql"
            """)
    void badFlagRequestsAre400AndChangeNothing(String name, String body, String message) {
        Http.Response r = http.putJson("/api/migration/flags", ALICE, body);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").toString().contains(message), r.body());
        assertNothingChanged();
    }

    @Test
    void allSixteenCombinationsOverHttpAreAppliedOrRefusedAsTheRulesSay() {
        for (dev.shift.core.flags.Flags combo : dev.shift.core.flags.Flags.allCombinations()) {
            dev.shift.core.flags.MigrationState before = f.control.state();
            Http.Response r = http.putJson("/api/migration/flags", ALICE, String.format(
                    "{\"READ_MYSQL\": %s, \"READ_DDB\": %s, \"WRITE_MYSQL\": %s, \"WRITE_DDB\": %s}",
                    combo.readMysql(), combo.readDdb(), combo.writeMysql(), combo.writeDdb()));
            if (dev.shift.core.flags.FlagRules.refusal(combo).isPresent()) {
                assertEquals(400, r.status(), combo + ": " + r.body());
                assertEquals(before, f.control.state(), combo + " changed nothing");
            } else {
                assertEquals(200, r.status(), combo + ": " + r.body());
                assertEquals(combo, f.control.flags());
            }
        }
        assertEquals(5, http.get("/api/migration/audit", ALICE).json().get("total"), "one change per phase");
    }

    @Test
    void refusedCombinationSaysWhatIsAllowed() {
        Http.Response r = http.putJson("/api/migration/flags", ALICE,
                "{\"READ_MYSQL\": false, \"READ_DDB\": false, \"WRITE_MYSQL\": true, \"WRITE_DDB\": true}");
        assertEquals(400, r.status());
        assertEquals("refused", r.json().get("error"));
        String m = r.json().get("message").toString();
        assertTrue(m.contains("no store would be read") && m.contains("Allowed combinations are the five phases") && m.contains("5 (DynamoDB only)"), m);
    }

    @Test
    void hugeBodiesAre413AndChangeNothing() {
        String huge = "{\"phase\": 2, \"reason\": \"" + "x".repeat(40_000) + "\"}";
        Http.Response r = http.postJson("/api/migration/phase", ALICE, huge);
        assertEquals(413, r.status(), r.body());
        assertEquals("payload_too_large", r.json().get("error"));
        assertNothingChanged();
    }

    @Test
    void hugeChunkedBodiesAre413Too() {
        // No Content-Length: the limit is enforced while reading.
        byte[] huge = ("{\"phase\": 2, \"reason\": \"" + "y".repeat(100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/api/migration/phase"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build();
        Http.Response r = http.send(req);
        assertEquals(413, r.status(), r.body());
        assertNothingChanged();
    }

    @Test
    void overlongReasonIsRefused() {
        Http.Response r = http.postJson("/api/migration/phase", ALICE, "{\"phase\": 2, \"reason\": \"" + "x".repeat(501) + "\"}");
        assertEquals(400, r.status());
        assertTrue(r.json().get("message").toString().contains("at most 500"), r.body());
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Response r = http.send("POST", "/api/migration/phase", ALICE, "phase=2", "application/x-www-form-urlencoded");
        assertEquals(415, r.status(), r.body());
        assertNothingChanged();
    }

    @Test
    void invalidUtf8Is400() {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/api/migration/phase"))
                .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'})).build();
        Http.Response r = http.send(req);
        assertEquals(400, r.status(), r.body());
        assertNothingChanged();
    }

    @Test
    void unknownPathsAre404Json() {
        Http.Response r = http.get("/api/migration/nope", ALICE);
        assertEquals(404, r.status());
        assertEquals("not_found", r.json().get("error"));
        assertEquals(404, http.get("/admin", null).status());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Http.Response r = http.send("DELETE", "/api/migration/phase", ALICE, null, null);
        assertEquals(405, r.status(), r.body());
        assertEquals("POST", r.header("Allow"));
        assertEquals("method_not_allowed", r.json().get("error"));
        Http.Response get = http.get("/api/migration/flags", ALICE);
        assertEquals(405, get.status());
        assertEquals("PUT", get.header("Allow"));
        assertEquals(405, http.postJson("/api/migration/status", ALICE, "{}").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/migration/status", "/api/migration/audit", "/api/migration/validation", "/metrics"})
    void readsNeedAToken(String path) {
        Http.Response missing = http.get(path, null);
        assertEquals(401, missing.status());
        assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer"));
        Http.Response wrong = http.get(path, "not-a-token");
        assertEquals(401, wrong.status());
        assertTrue(wrong.header("WWW-Authenticate").contains("invalid_token"));
        assertEquals(200, http.get(path, VIEWER).status());
        assertEquals(200, http.get(path, ALICE).status());
    }

    @Test
    void changesWithoutAValidTokenAre401AndNotAudited() {
        assertEquals(401, http.postJson("/api/migration/phase", null, "{\"phase\": 2}").status());
        assertEquals(401, http.postJson("/api/migration/phase", "wrong", "{\"phase\": 2}").status());
        assertEquals(401, http.send("POST", "/api/migration/phase", null, "{\"phase\": 2}", "application/json",
                "Authorization", "Basic YWxpY2U6c2VjcmV0").status());
        assertEquals(401, http.putJson("/api/migration/flags", "wrong", "{}").status());
        assertEquals(401, http.postJson("/api/migration/rollback", null, "").status());
        assertNothingChanged();
    }

    @Test
    void readOnlyTokenCannotChange() {
        Http.Response r = http.postJson("/api/migration/phase", VIEWER, "{\"phase\": 2}");
        assertEquals(403, r.status());
        assertTrue(r.json().get("message").toString().contains("read-only"), r.body());
        assertEquals(403, http.putJson("/api/migration/flags", VIEWER, "{}").status());
        assertEquals(403, http.postJson("/api/migration/rollback", VIEWER, "").status());
        assertNothingChanged();
    }

    @Test
    void crossOriginChangesAreRefused() {
        Http.Response r = http.send("POST", "/api/migration/phase", ALICE, "{\"phase\": 2}", "application/json",
                "Origin", "https://evil.example");
        assertEquals(403, r.status(), r.body());
        assertNothingChanged();
    }

    @Test
    void requestsForANonLoopbackHostNameAreRefused() throws Exception {
        // DNS rebinding: a page on evil.example resolving to 127.0.0.1 makes the browser send Host: evil.example.
        // java.net.http will not send a foreign Host header, so this one goes over a raw socket.
        String evil = rawStatusLine("evil.example:" + f.server.port());
        assertTrue(evil.contains(" 403 "), evil);
        for (String rebound : List.of("127.0.0.1.evil.example", "127.evil.example", "127.0.0.1evil", "localhost.evil",
                "evil.localhost", "127.0.0.256")) {
            String line = rawStatusLine(rebound + ":" + f.server.port());
            assertTrue(line.contains(" 403 "), rebound + ": " + line);
        }
        assertTrue(rawStatusLine("localhost:" + f.server.port()).contains(" 200 "));
        assertTrue(rawStatusLine("127.0.0.1").contains(" 200 "));
        assertTrue(rawStatusLine("127.1.2.3:" + f.server.port()).contains(" 200 "));
        assertTrue(rawStatusLine("[::1]:" + f.server.port()).contains(" 200 "));
    }

    private String rawStatusLine(String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.server.port())) {
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?limit=0           | limit
            ?limit=501         | limit
            ?limit=abc         | limit
            ?offset=-1         | offset
            ?offset=x          | offset
            ?page=2            | unknown query parameter "page"
            ?limit=1&limit=2   | more than once
            """)
    void badAuditPagingIs400(String query, String message) {
        Http.Response r = http.get("/api/migration/audit" + query, VIEWER);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").toString().contains(message), r.body());
    }

    @Test
    void auditPagesNewestFirst() {
        for (int p : new int[]{2, 3, 4, 5}) {
            assertEquals(200, http.postJson("/api/migration/phase", ALICE, "{\"phase\": " + p + "}").status());
        }
        Map<String, Object> page = http.get("/api/migration/audit?limit=2&offset=1", VIEWER).json();
        assertEquals(4, page.get("total"));
        assertEquals(2, page.get("limit"));
        assertEquals(1, page.get("offset"));
        List<?> entries = (List<?>) page.get("entries");
        assertEquals(List.of(3, 2), entries.stream().map(e -> ((Map<?, ?>) e).get("version")).toList());
        assertEquals(List.of(), http.get("/api/migration/audit?offset=10", VIEWER).json().get("entries"));
    }

    @Test
    void validationPlaceholderShape() {
        Map<String, Object> v = http.get("/api/migration/validation", VIEWER).json();
        Map<String, Object> expected = new java.util.HashMap<>(Map.of("enabled", false, "samplePercent", 0.0, "compared", 0,
                "matched", 0, "mismatches", 0, "skipped", 0, "errors", 0, "skippedByReason", Map.of(), "byTable", Map.of(),
                "byStatement", Map.of()));
        expected.put("lastError", null);
        expected.put("recent", List.of());
        assertEquals(expected, v);
    }

    @Test
    void healthIsPublic() {
        Http.Response r = http.get("/health", null);
        assertEquals(200, r.status());
        assertEquals("UP", r.json().get("status"));
        assertEquals(1, r.json().get("phase"));
        assertEquals("ok", r.json().get("dynamodb"));
        f.metrics.dynamoDbTroubleFrom(() -> "circuit open for 4 s more after 3 failures in a row");
        Http.Response degraded = http.get("/health", null);
        assertEquals(200, degraded.status(), "DynamoDB's trouble never takes the application out of a load balancer");
        assertEquals("degraded: circuit open for 4 s more after 3 failures in a row", degraded.json().get("dynamodb"));
    }

    @Test
    void aBodyDeclaredInAnotherCharsetIs415AndChangesNothing() {
        Http.Response r = http.send("POST", "/api/migration/phase", ALICE, "{\"phase\": 2}",
                "application/json; charset=utf-16");
        assertEquals(415, r.status(), r.body());
        assertTrue(r.body().contains("must be UTF-8"), r.body());
        assertNothingChanged();
        assertEquals(200, http.send("POST", "/api/migration/phase", ALICE, "{\"phase\": 2}",
                "application/json; charset=UTF-8").status());
    }

    @Test
    void responsesAreNotCached() {
        assertEquals("no-store", http.get("/api/migration/status", ALICE).header("Cache-Control"));
    }

    private void assertNothingChanged() {
        assertEquals(Phase.MYSQL_ONLY.flags(), f.control.flags());
        assertEquals(0, f.control.state().version());
        assertEquals(0, http.get("/api/migration/audit", ALICE).json().get("total"));
    }
}
