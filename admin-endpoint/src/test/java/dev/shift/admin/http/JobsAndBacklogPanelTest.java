package dev.shift.admin.http;

import dev.shift.core.jobs.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The panel's backfill/verify and backlog sections, driven with plain forms as a browser without JavaScript would. */
class JobsAndBacklogPanelTest {

    @TempDir
    Path dir;
    FakeJobs jobs = new FakeJobs();
    FakeBacklog backlog = new FakeBacklog()
            .add(5, Duration.ofMinutes(3), "orders id=11")
            .add(6, Duration.ofSeconds(20), "shopping_carts user_id=<script>");
    Fixture f;
    Browser browser;

    @BeforeEach
    void start() {
        f = new Fixture(dir, b -> b.jobs(jobs).backlog(backlog));
        browser = new Browser(f.http);
        browser.open();
        browser.login(ALICE);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void showsBackfillProgressAndAGreenVerdictWhenTheStoresAgree() {
        jobs.backfill = FakeJobs.running(Jobs.Kind.BACKFILL, 2, 1500, 6000);
        jobs.verdict = jobs.verify = FakeJobs.verified(4, 0, 0, 0);

        String html = browser.open().body();

        assertEquals("running", Browser.textIn(html, "backfill-state"));
        assertEquals("1500", Browser.textIn(html, "backfill-done"));
        assertEquals("6000", Browser.textIn(html, "backfill-total"));
        assertTrue(html.contains("<progress id=\"backfill-progress\" max=\"6000\" value=\"1500\">"), html);
        assertTrue(html.contains("(25 %)") && html.contains("ETA 18 s"), html);
        assertTrue(html.contains("id=\"verify-result\" class=\"verdict ok\""), html);
        String verdict = Browser.textIn(html.replace("<b>", "").replace("</b>", ""), "verify-result");
        assertTrue(verdict.startsWith("0 differences, "), verdict);
        assertTrue(html.contains("2026-11-26 20:05:00 UTC"), "when it finished");
        assertTrue(html.contains("ready for phase 4"), html);
    }

    @Test
    void aVerifyWithDifferencesIsRedWithTheCountsAndTheDiffFile() {
        jobs.verdict = jobs.verify = FakeJobs.verified(3, 1, 0, 2);

        String html = browser.open().body();

        assertTrue(html.contains("id=\"verify-result\" class=\"verdict bad\""), html);
        assertTrue(html.contains("<b>3 differences</b> (missing in DynamoDB 1, extra in DynamoDB 0, mismatched 2)"), html);
        assertTrue(html.contains("not ready for phase 4"));
        assertEquals("/var/lib/shift/verify/shift-verify-diff.jsonl", Browser.textIn(html, "verify-diff-file"));
    }

    @Test
    void noVerifyYetSaysSoAndARunningOneShowsItsProgress() {
        String html = browser.open().body();
        assertTrue(html.contains("class=\"verdict none\""));
        assertTrue(Browser.textIn(html, "verify-result").startsWith("No verify has finished yet"));
        assertTrue(Browser.textIn(html, "backfill-state").startsWith("No backfill run yet"));

        jobs.verify = FakeJobs.running(Jobs.Kind.VERIFY, 1, 10, 40);
        html = browser.open().body();
        assertEquals("running", Browser.textIn(html, "verify-state"));
        assertEquals("10", Browser.textIn(html, "verify-done"));
    }

    @Test
    void theStartFormsStartTheJobsAndSayWhatHappened() {
        Http.Response r = browser.submit("/ui/jobs/backfill", "threads", "2", "rate", "500", "restart", "on", "reason", "history");
        assertEquals(303, r.status());
        assertEquals("/", r.header("Location"));
        assertEquals(List.of(new Jobs.BackfillOptions(2, 500, true)), jobs.started);
        String html = browser.open().body();
        assertTrue(Browser.textIn(html, "flash").startsWith("Done: started backfill run 1 (threads 2, rate 500 items/s, restart"), html);

        browser.submit("/ui/jobs/backfill", "threads", "4");
        assertTrue(browser.text("flash").startsWith("Refused: backfill run 1 is already running"), browser.text("flash"));

        browser.submit("/ui/jobs/verify", "threads", "3");
        assertEquals(new Jobs.VerifyOptions(3, false), jobs.started.get(1));
        assertTrue(browser.text("flash").startsWith("Done: started verify run 1"));

        // both starts are in the audit table
        html = browser.open().body();
        assertTrue(html.contains("<td>verify</td>") && html.contains("<td>backfill</td>"), html);
    }

    @Test
    void badFormFieldsAreRefusedWithTheFieldNamed() {
        browser.submit("/ui/jobs/backfill", "threads", "0");
        assertTrue(browser.text("flash").startsWith("Refused: threads must be an integer from 1 to 64"));
        browser.submit("/ui/jobs/backfill", "rate", "lots");
        assertTrue(browser.text("flash").startsWith("Refused: rate must be a number"), browser.text("flash"));
        browser.submit("/ui/jobs/verify", "threads", "x");
        assertTrue(browser.text("flash").startsWith("Refused: threads must be"));
        browser.submit("/ui/backlog/retry", "id", "abc");
        assertTrue(browser.text("flash").startsWith("Refused: backlog entry id must be a positive integer"), browser.text("flash"));
        assertEquals(List.of(), jobs.started);
        assertEquals(List.of(), backlog.done);
    }

    @Test
    void formsWithoutTheCsrfTokenAre403() {
        assertEquals(403, browser.post("/ui/jobs/backfill", Map.of("threads", "2")).status());
        assertEquals(403, browser.post("/ui/backlog/discard", Map.of("id", "5", "csrf", "forged")).status());
        assertEquals(List.of(), jobs.started);
        assertEquals(List.of(), backlog.done);
    }

    @Test
    void listsTheBacklogWithRetryAndDiscardButtons() {
        String html = browser.open().body();

        assertEquals("2", Browser.textIn(html, "backlog-pending"));
        assertEquals("3 min 0 s", Browser.textIn(html, "backlog-oldest"));
        assertTrue(html.contains("id=\"retry-5\"") && html.contains("id=\"discard-5\"") && html.contains("id=\"retry-6\""), html);
        assertTrue(html.contains("<code>orders id=11</code>"));
        assertTrue(html.contains("shopping_carts user_id=&lt;script&gt;"), "escaped");
        assertFalse(html.contains("user_id=<script>"));
        assertEquals("2", Browser.textIn(html, "pending-replays"), "the counters card counts the backlog too");
    }

    @Test
    void retryAndDiscardFromThePanelAreDoneAndAudited() {
        browser.submit("/ui/backlog/retry", "id", "5", "reason", "back up");
        assertTrue(browser.text("flash").startsWith("Done: retried backlog entry 5: copied into DynamoDB (orders id=11"),
                browser.text("flash"));
        browser.submit("/ui/backlog/discard", "id", "6");
        assertTrue(browser.text("flash").startsWith("Done: discarded backlog entry 6"));
        assertEquals(List.of("retry 5", "discard 6"), backlog.done);

        String html = browser.open().body();
        assertEquals("0", Browser.textIn(html, "backlog-pending"));
        assertTrue(html.contains("Nothing waiting"));
        assertTrue(html.contains("<td>backlog_retry</td>") && html.contains("<td>backlog_discard</td>") && html.contains("back up"), html);

        browser.submit("/ui/backlog/retry", "id", "5");
        assertTrue(browser.text("flash").startsWith("Refused: no backlog entry 5"), browser.text("flash"));
    }

    @Test
    void aRefusedRetryIsARedFlashAndTheEntryStays() {
        backlog.refusing.add(5L);
        browser.submit("/ui/backlog/retry", "id", "5");
        String flash = browser.text("flash");
        assertTrue(flash.startsWith("Refused: retry of backlog entry 5 failed: DynamoDB refused"), flash);
        assertEquals("2", browser.text("backlog-pending"));
    }

    @Test
    void aReadOnlyOperatorSeesButCannotAct(@TempDir Path other) {
        Browser viewer = new Browser(f.http);
        viewer.open();
        viewer.login(VIEWER);
        String html = viewer.open().body();
        assertTrue(html.contains("id=\"start-backfill\" class=\"primary\" disabled"), html);
        assertTrue(html.contains("id=\"retry-5\" class=\"primary\" disabled"), html);
        viewer.submit("/ui/backlog/discard", "id", "5");
        assertTrue(viewer.text("flash").startsWith("Refused: viewer has a read-only token"), viewer.text("flash"));
        viewer.submit("/ui/jobs/verify", "threads", "2");
        assertEquals(List.of(), jobs.started);
        assertEquals(List.of(), backlog.done);
    }

    @Test
    void withoutJobsTheStartButtonsAreOff(@TempDir Path other) {
        try (Fixture plain = new Fixture(other)) {
            Browser b = new Browser(plain.http);
            b.open();
            b.login(ALICE);
            String html = b.open().body();
            assertTrue(html.contains("id=\"start-backfill\" class=\"primary\" disabled"), html);
            assertTrue(html.contains("No jobs on this instance"));
            assertEquals("0", Browser.textIn(html, "backlog-pending"));
        }
    }
}
