package dev.shift.core.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the shadow reads of phase 3 found, as {@code GET /api/migration/validation} shows it. The
 * validation work supplies instances through {@code AdminServer.Builder#validation(Supplier)}; until
 * then the endpoint serves {@link #disabled()}.
 *
 * @param enabled         whether shadow reads are compared at all (the agent's validation is wired in)
 * @param samplePercent   the share of eligible reads that get a shadow read (0-100)
 * @param compared        reads answered by both stores and compared ({@code matched + mismatches})
 * @param matched         comparisons whose answers were equal
 * @param mismatches      comparisons whose answers differed
 * @param skipped         eligible reads not compared (transaction, JOIN, executor full…), by reason in
 *                        {@code skippedByReason}
 * @param errors          shadow reads DynamoDB failed to answer
 * @param lastError       the latest such failure, short, or null
 * @param byTable         counts per migrated table
 * @param byStatement     counts per statement shape (the SQL text as the application wrote it)
 * @param recent          the latest mismatches, newest first (bounded by the supplier)
 */
public record ValidationReport(boolean enabled, double samplePercent, long compared, long matched, long mismatches,
                               long skipped, long errors, String lastError, Map<String, Long> skippedByReason,
                               Map<String, Counts> byTable, Map<String, Counts> byStatement, List<Mismatch> recent) {

    public ValidationReport {
        skippedByReason = Map.copyOf(Objects.requireNonNull(skippedByReason));
        byTable = Map.copyOf(Objects.requireNonNull(byTable));
        byStatement = Map.copyOf(Objects.requireNonNull(byStatement));
        recent = List.copyOf(Objects.requireNonNull(recent));
    }

    /** The shape served while nothing compares reads. */
    public static ValidationReport disabled() {
        return new ValidationReport(false, 0, 0, 0, 0, 0, 0, null, Map.of(), Map.of(), Map.of(), List.of());
    }

    /** Comparisons on one table or one statement shape. */
    public record Counts(long compared, long mismatches, long errors) {
    }

    /**
     * One comparison that differed.
     *
     * @param table      the migrated table the statement reads
     * @param key        the DynamoDB read as the operator would repeat it (e.g. {@code Query Users PK = USER#7 …})
     * @param detail     what differed, short (values of masked columns never appear)
     * @param sql        the statement as the application wrote it
     * @param parameters its bound values in order, masked where they bind a sensitive column
     * @param mysql      MySQL's answer (what the application got)
     * @param dynamodb   DynamoDB's answer
     */
    public record Mismatch(Instant at, String table, String key, String detail, String sql, List<String> parameters,
                           Result mysql, Result dynamodb) {
        public Mismatch {
            parameters = List.copyOf(Objects.requireNonNull(parameters));
        }
    }

    /**
     * A result as text: column labels, the first rows (values rendered, masked columns as {@code ***}, NULL as
     * null) and how many rows there were in all.
     */
    public record Result(List<String> columns, List<List<String>> rows, int totalRows) {
        public Result {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        }
    }
}
