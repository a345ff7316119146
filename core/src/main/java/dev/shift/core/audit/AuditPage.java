package dev.shift.core.audit;

import java.util.List;

/**
 * A slice of the audit trail, newest first.
 *
 * @param total all entries in the trail, so a client knows when to stop paging
 */
public record AuditPage(long total, int limit, int offset, List<AuditEntry> entries) {

    public AuditPage {
        entries = List.copyOf(entries);
    }

    /** Pages a newest-first list held in memory. */
    public static AuditPage of(List<AuditEntry> newestFirst, int limit, int offset) {
        int from = Math.min(offset, newestFirst.size());
        int to = Math.min(newestFirst.size(), from + limit);
        return new AuditPage(newestFirst.size(), limit, offset, newestFirst.subList(from, to));
    }
}
