package dev.shift.admin.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the shadow reads of phase 3 found, as {@code GET /api/migration/validation} shows it. The
 * validation work supplies instances through {@code AdminServer.Builder#validation(Supplier)}; until
 * then the endpoint serves {@link #disabled()}.
 *
 * @param enabled    whether shadow reads are being compared at all
 * @param compared   reads answered by both stores and compared
 * @param mismatches comparisons whose answers differed
 * @param byTable    the same two numbers per migrated table
 * @param recent     the latest mismatches, newest first (bounded by the supplier)
 */
public record ValidationReport(boolean enabled, long compared, long mismatches,
                               Map<String, TableCounts> byTable, List<Mismatch> recent) {

    public ValidationReport {
        byTable = Map.copyOf(Objects.requireNonNull(byTable));
        recent = List.copyOf(Objects.requireNonNull(recent));
    }

    /** The shape served while nothing compares reads. */
    public static ValidationReport disabled() {
        return new ValidationReport(false, 0, 0, Map.of(), List.of());
    }

    /** Comparisons on one table. */
    public record TableCounts(long compared, long mismatches) {
    }

    /**
     * One comparison that differed.
     *
     * @param key    the item's key as the operator would look it up (e.g. {@code USER#7 / CART#3})
     * @param detail what differed, short (never row contents that could be personal data in full)
     */
    public record Mismatch(Instant at, String table, String key, String detail) {
    }
}
