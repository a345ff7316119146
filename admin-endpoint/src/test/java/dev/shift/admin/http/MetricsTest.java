package dev.shift.admin.http;

import dev.shift.admin.metrics.Store;
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
