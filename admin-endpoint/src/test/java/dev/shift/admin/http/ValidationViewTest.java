package dev.shift.admin.http;

import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.store.FileFlagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's shadow-read report on the API, /metrics and the panel. */
class ValidationViewTest {

    private static final String SQL = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";

    @Test
    void reportShowsOnApiMetricsAndPanel(@TempDir Path dir) {
        ValidationReport report = new ValidationReport(true, 50.0, 3, 2, 1, 4, 1, "DynamoDB unreachable",
                Map.of("transaction", 4L), Map.of("shopping_carts", new ValidationReport.Counts(3, 1, 1)),
                Map.of(SQL, new ValidationReport.Counts(3, 1, 1)),
                List.of(new ValidationReport.Mismatch(Instant.parse("2026-11-26T19:00:00Z"), "shopping_carts",
                        "GetItem Users PK=USER#7 SK=CART#1", "row 1 column quantity: MySQL 2, DynamoDB 99", SQL,
                        List.of("7", "1"),
                        new ValidationReport.Result(List.of("quantity"), List.of(List.of("2")), 1),
                        new ValidationReport.Result(List.of("quantity"), List.of(List.of("99")), 1))));
        MigrationControl control = MigrationControl.startingIn(Phase.DUAL_READ);
        try (AdminServer server = AdminServer.builder().control(control).metrics(new ShiftMetrics())
                .store(new FileFlagStore(dir, "test-instance")).tokens(Map.of())
                .validation(() -> report).port(0).build().start()) {
            Http http = new Http(server.port());

            Map<String, Object> v = http.get("/api/migration/validation", null).json();
            assertEquals(true, v.get("enabled"));
            assertEquals(3, v.get("compared"));
            assertEquals(2, v.get("matched"));
            assertEquals(1, v.get("mismatches"));
            assertEquals(4, v.get("skipped"));
            assertEquals(Map.of("transaction", 4), v.get("skippedByReason"));
            assertEquals(Map.of("compared", 3, "mismatches", 1, "errors", 1), ((Map<?, ?>) v.get("byTable")).get("shopping_carts"));
            assertEquals(Map.of("compared", 3, "mismatches", 1, "errors", 1), ((Map<?, ?>) v.get("byStatement")).get(SQL));
            Map<?, ?> m = (Map<?, ?>) ((List<?>) v.get("recent")).get(0);
            assertEquals(SQL, m.get("sql"));
            assertEquals(List.of("7", "1"), m.get("parameters"));
            assertEquals(Map.of("columns", List.of("quantity"), "rows", List.of(List.of("2")), "totalRows", 1), m.get("mysql"));
            assertEquals(Map.of("columns", List.of("quantity"), "rows", List.of(List.of("99")), "totalRows", 1), m.get("dynamodb"));

            Map<String, Double> samples = MetricsTest.parse(http.get("/metrics", null).body());
            assertEquals(3.0, samples.get("shift_validation_compared_total"));
            assertEquals(2.0, samples.get("shift_validation_matched_total"));
            assertEquals(1.0, samples.get("shift_validation_mismatches_total"));
            assertEquals(4.0, samples.get("shift_validation_skipped_total"));
            assertEquals(1.0, samples.get("shift_validation_errors_total"));

            String panel = http.get("/", null).body();
            assertTrue(panel.contains("id=\"validation-mismatches\">1<"), panel);
            assertTrue(panel.contains("row 1 column quantity: MySQL 2, DynamoDB 99"), panel);
        }
    }
}
