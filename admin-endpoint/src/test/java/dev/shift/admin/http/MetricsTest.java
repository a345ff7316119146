package dev.shift.admin.http;

import dev.shift.core.metrics.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** /metrics is valid Prometheus text format and carries the counters and the flag state. */
class MetricsTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*)?\\})? "
                    + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)");

    @Test
    void exposesCountersAndStateInTextFormat(@TempDir Path dir) {
        try (Fixture f = new Fixture(dir)) {
            f.metrics.read(Store.MYSQL);
            f.metrics.read(Store.MYSQL);
            f.metrics.write(Store.DYNAMODB);
            f.metrics.error(Store.DYNAMODB);
            f.metrics.recordRead(Store.DYNAMODB, 1_500_000);
            f.metrics.untranslatedStatement();
            f.metrics.pendingReplaysFrom(() -> 3);
            f.http.postJson("/api/migration/phase", Fixture.ALICE, "{\"phase\": 3}");

            Http.Response r = f.http.get("/metrics", VIEWER);

            assertEquals(200, r.status());
            assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
            Map<String, Double> samples = parse(r.body());
            assertEquals(2.0, samples.get("shift_store_reads_total{store=\"mysql\"}"));
            assertEquals(1.0, samples.get("shift_store_reads_total{store=\"dynamodb\"}"));
            assertEquals(1.0, samples.get("shift_store_writes_total{store=\"dynamodb\"}"));
            assertEquals(1.0, samples.get("shift_store_errors_total{store=\"dynamodb\"}"));
            assertEquals(1.0, samples.get("shift_store_read_duration_seconds_count{store=\"dynamodb\"}"));
            assertEquals(0.0015, samples.get("shift_store_read_duration_seconds_sum{store=\"dynamodb\"}"), 1e-9);
            assertEquals(1.0, samples.get("shift_untranslated_statements_total"));
            assertEquals(3.0, samples.get("shift_pending_replays"));
            assertEquals(3.0, samples.get("shift_phase"));
            assertEquals(1.0, samples.get("shift_flag{flag=\"READ_DDB\"}"));
            assertEquals(1.0, samples.get("shift_flags_version"));
        }
    }

    @Test
    void exposesTheBacklogAndTheJobs(@TempDir Path dir) {
        FakeJobs jobs = new FakeJobs();
        FakeBacklog backlog = new FakeBacklog().add(1, java.time.Duration.ofSeconds(90), "orders id=1")
                .add(2, java.time.Duration.ofSeconds(5), "orders id=2");
        try (Fixture f = new Fixture(dir, b -> b.jobs(jobs).backlog(backlog))) {
            f.metrics.pendingReplaysFrom(() -> 42);
            Map<String, Double> before = parse(f.http.get("/metrics", VIEWER).body());
            assertEquals(2.0, before.get("shift_backlog_pending"));
            assertEquals(90.0, before.get("shift_backlog_oldest_age_seconds"), 2.0);
            assertEquals(2.0, before.get("shift_pending_replays"), "the same count, from the backlog");
            assertEquals(0.0, before.get("shift_backfill_running"));
            assertEquals(0.0, before.get("shift_verify_running"));
            assertTrue(!before.containsKey("shift_verify_differences") && !before.containsKey("shift_backfill_rows_done"),
                    "no sample before a run: " + before.keySet());

            jobs.backfill = FakeJobs.running(dev.shift.core.jobs.Jobs.Kind.BACKFILL, 1, 700, 1000);
            jobs.verify = FakeJobs.running(dev.shift.core.jobs.Jobs.Kind.VERIFY, 2, 1, 1000);
            jobs.verdict = FakeJobs.verified(1, 2, 1, 0);
            backlog.entries.clear();
            Map<String, Double> s = parse(f.http.get("/metrics", VIEWER).body());
            assertEquals(1.0, s.get("shift_backfill_running"));
            assertEquals(700.0, s.get("shift_backfill_rows_done"));
            assertEquals(1000.0, s.get("shift_backfill_rows_total"));
            assertEquals(1.0, s.get("shift_verify_running"));
            assertEquals(3.0, s.get("shift_verify_differences"), "the last finished verify, while the next one runs");
            assertEquals(java.time.Instant.parse("2026-11-26T20:05:00Z").getEpochSecond(), s.get("shift_verify_last_run_timestamp_seconds"));
            assertEquals(0.0, s.get("shift_backlog_pending"));
            assertEquals(0.0, s.get("shift_backlog_oldest_age_seconds"));

            backlog.broken = true;
            Map<String, Double> broken = parse(f.http.get("/metrics", VIEWER).body());
            assertTrue(!broken.containsKey("shift_backlog_pending") && !broken.containsKey("shift_pending_replays"),
                    "a failing backlog leaves its samples out: " + broken.keySet());
        }
    }

    /** A strict reader of the text format: every line is a HELP, a TYPE, or a sample of a declared family. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> families = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                families.add(t.group(1));
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                fail("not a Prometheus text-format line: " + line);
            }
            String name = s.group(1);
            boolean declared = families.stream().anyMatch(fam -> name.equals(fam) || name.startsWith(fam + "_"));
            assertTrue(declared, "sample without a TYPE: " + line);
            samples.put(name + (s.group(2) == null ? "" : s.group(2)), Double.parseDouble(s.group(4)));
        }
        return samples;
    }
}
