package dev.shift.admin.http;

import dev.shift.core.jobs.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backfill and verify over the REST API: start, show, one at a time, and every kind of bad input. */
class JobsApiTest {

    @TempDir
    Path dir;
    FakeJobs jobs = new FakeJobs();
    Fixture f;
    Http http;

    @BeforeEach
    void start() {
        f = new Fixture(dir, b -> b.jobs(jobs));
        http = f.http;
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void showsTheRunningBackfillAndTheLastVerdict() {
        jobs.backfill = FakeJobs.running(Jobs.Kind.BACKFILL, 3, 500, 2000);
        jobs.verdict = jobs.verify = FakeJobs.verified(2, 0, 0, 0);

        Http.Response r = http.get("/api/migration/jobs", VIEWER);

        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertEquals(true, body.get("available"));
        Map<?, ?> backfill = (Map<?, ?>) body.get("backfill");
        assertEquals(3, backfill.get("id"));
        assertEquals("backfill", backfill.get("kind"));
        assertEquals("running", backfill.get("state"));
        assertEquals("alice", backfill.get("startedBy"));
        assertNull(backfill.get("finishedAt"));
        Map<?, ?> progress = (Map<?, ?>) backfill.get("progress");
        assertEquals(500, progress.get("done"));
        assertEquals(2000, progress.get("total"));
        assertEquals(25.0, progress.get("percent"));
        assertEquals(250.0, progress.get("ratePerSecond"));
        assertEquals(6, progress.get("etaSeconds"));
        assertEquals(500, ((Map<?, ?>) backfill.get("counts")).get("items_written"));
        Map<?, ?> verdict = (Map<?, ?>) body.get("lastVerify");
        assertEquals(0, verdict.get("differences"));
        assertEquals(true, verdict.get("agrees"));
        assertEquals("2026-11-26T20:05:00Z", verdict.get("finishedAt"));
        Map<?, ?> verify = (Map<?, ?>) body.get("verify");
        assertEquals("complete", verify.get("state"));
        assertEquals(0, verify.get("differences"));

        // the same in the status JSON
        Map<?, ?> status = (Map<?, ?>) http.get("/api/migration/status", VIEWER).json().get("jobs");
        assertEquals("running", ((Map<?, ?>) status.get("backfill")).get("state"));
        assertEquals(true, ((Map<?, ?>) status.get("lastVerify")).get("agrees"));
    }

    @Test
    void startingABackfillRunsItWithTheOptionsAndAuditsIt() {
        Http.Response r = http.postJson("/api/migration/jobs/backfill", ALICE,
                "{\"threads\": 2, \"rate\": 150.5, \"restart\": true, \"reason\": \"history\"}");

        assertEquals(202, r.status(), r.body());
        assertEquals(List.of(new Jobs.BackfillOptions(2, 150.5, true)), jobs.started);
        Map<String, Object> body = r.json();
        assertEquals(true, body.get("started"));
        assertEquals("running", ((Map<?, ?>) body.get("run")).get("state"));
        assertEquals("alice", ((Map<?, ?>) body.get("run")).get("startedBy"));
        Map<?, ?> audit = (Map<?, ?>) body.get("audit");
        assertEquals("backfill", audit.get("action"));
        assertEquals("alice", audit.get("operator"));
        assertEquals("history", audit.get("reason"));
        assertEquals("started backfill run 1 (threads 2, rate 150.5 items/s, restart from scratch)", audit.get("summary"));

        Map<?, ?> trail = (Map<?, ?>) ((List<?>) http.get("/api/migration/audit", VIEWER).json().get("entries")).get(0);
        assertEquals("backfill", trail.get("action"));
        assertEquals(0, trail.get("version"), "no flag changed");

        // one at a time
        Http.Response again = http.postJson("/api/migration/jobs/backfill", ALICE, "");
        assertEquals(409, again.status(), again.body());
        assertEquals("conflict", again.json().get("error"));
        assertTrue(((String) again.json().get("message")).contains("already running"));
        assertEquals(1, jobs.started.size());
    }

    @Test
    void noBodyMeansTheDefaults() {
        assertEquals(202, http.postJson("/api/migration/jobs/backfill", ALICE, "").status());
        assertEquals(202, http.send("POST", "/api/migration/jobs/verify", ALICE, null, null).status());
        assertEquals(List.of(Jobs.BackfillOptions.DEFAULT, Jobs.VerifyOptions.DEFAULT), jobs.started);
    }

    @Test
    void verifyStartsWithItsThreadsAndRefusesBackfillOptions() {
        Http.Response r = http.postJson("/api/migration/jobs/verify", ALICE, "{\"threads\": 8, \"restart\": true}");
        assertEquals(202, r.status(), r.body());
        assertEquals(List.of(new Jobs.VerifyOptions(8, true)), jobs.started);
        assertEquals("started verify run 1 (threads 8, restart from scratch)", ((Map<?, ?>) r.json().get("audit")).get("summary"));
        assertEquals("verify", ((Map<?, ?>) r.json().get("audit")).get("action"));

        Http.Response bad = http.postJson("/api/migration/jobs/verify", ALICE, "{\"rate\": 10}");
        assertEquals(400, bad.status());
        assertTrue(((String) bad.json().get("message")).contains("unknown field \"rate\""), bad.body());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"threads\": 0}|field \"threads\" is 0; it must be an integer from 1 to 64",
            "{\"threads\": 65}|field \"threads\" is 65",
            "{\"threads\": \"4\"}|field \"threads\" must be an integer from 1 to 64, got a string",
            "{\"threads\": 2.5}|field \"threads\" must be an integer",
            "{\"threads\": null}|field \"threads\" must not be null",
            "{\"rate\": -1}|field \"rate\" is -1; it must be 0 (unlimited) to 1000000 items per second",
            "{\"rate\": 2000000}|field \"rate\" is 2000000",
            "{\"rate\": \"fast\"}|field \"rate\" must be a number",
            "{\"restart\": \"yes\"}|field \"restart\" must be a boolean",
            "{\"restart\": 1}|field \"restart\" must be a boolean",
            "{\"reason\": 5}|field \"reason\" must be a string",
            "{\"chunk\": 5}|unknown field \"chunk\"",
            "[1]|the body must be a JSON object",
            "{\"threads\": 2|malformed JSON",
            "{\"threads\": 2, \"threads\": 3}|malformed JSON",
    })
    void badBackfillBodiesAreRefusedNamingTheField(String body, String expected) {
        Http.Response r = http.postJson("/api/migration/jobs/backfill", ALICE, body);
        assertEquals(400, r.status(), r.body());
        assertEquals("bad_request", r.json().get("error"));
        assertTrue(((String) r.json().get("message")).contains(expected), r.body());
        assertEquals(List.of(), jobs.started);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"threads\": 0}|field \"threads\" is 0",
            "{\"threads\": true}|field \"threads\" must be an integer",
            "{\"restart\": \"no\"}|field \"restart\" must be a boolean",
            "{\"chunk\": 100}|unknown field \"chunk\"",
    })
    void badVerifyBodiesAreRefusedNamingTheField(String body, String expected) {
        Http.Response r = http.postJson("/api/migration/jobs/verify", ALICE, body);
        assertEquals(400, r.status(), r.body());
        assertTrue(((String) r.json().get("message")).contains(expected), r.body());
    }

    @Test
    void otherBadRequests() {
        Http.Response text = http.send("POST", "/api/migration/jobs/backfill", ALICE, "threads=2", "text/plain");
        assertEquals(415, text.status());
        Http.Response query = http.send("POST", "/api/migration/jobs/backfill?threads=2", ALICE, null, null);
        assertEquals(400, query.status());
        assertTrue(((String) query.json().get("message")).contains("unknown query parameter \"threads\""), query.body());
        assertEquals(400, http.get("/api/migration/jobs?x=1", VIEWER).status());
        Http.Response put = http.send("PUT", "/api/migration/jobs/backfill", ALICE, null, null);
        assertEquals(405, put.status());
        assertEquals("POST", put.header("Allow"));
        assertEquals(List.of(), jobs.started);
    }

    @Test
    void readsNeedAnyTokenAndStartsAnOperatorToken() {
        assertEquals(401, http.get("/api/migration/jobs", null).status());
        assertEquals(401, http.postJson("/api/migration/jobs/verify", null, "").status());
        Http.Response viewer = http.postJson("/api/migration/jobs/backfill", VIEWER, "");
        assertEquals(403, viewer.status());
        assertEquals(403, http.postJson("/api/migration/jobs/verify", VIEWER, "").status());
        assertEquals(List.of(), jobs.started);
        assertEquals(0, ((Number) http.get("/api/migration/audit", VIEWER).json().get("total")).intValue());
    }

    @Test
    void withoutJobsNothingCanBeStarted(@TempDir Path other) {
        try (Fixture plain = new Fixture(other)) {
            Map<String, Object> body = plain.http.get("/api/migration/jobs", VIEWER).json();
            assertEquals(false, body.get("available"));
            assertNull(body.get("backfill"));
            assertNull(body.get("lastVerify"));
            Http.Response r = plain.http.postJson("/api/migration/jobs/backfill", ALICE, "");
            assertEquals(503, r.status(), r.body());
            assertEquals("unavailable", r.json().get("error"));
            assertEquals(0, ((Number) plain.http.get("/api/migration/audit", VIEWER).json().get("total")).intValue());
        }
    }
}
