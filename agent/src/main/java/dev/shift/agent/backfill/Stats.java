package dev.shift.agent.backfill;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one backfill / verify / repair run (thread-safe). */
public final class Stats {
    /** MySQL rows read (first reads; re-checks not counted). */
    public final LongAdder rowsRead = new LongAdder();
    /** Items created by the copy pass. */
    public final LongAdder written = new LongAdder();
    /** Items not written by the copy pass because an item with that key existed (written live, or by an earlier run). */
    public final LongAdder skippedExisting = new LongAdder();
    /** Items found different from MySQL after the copy and re-copied from MySQL (compare-and-set). */
    public final LongAdder recopied = new LongAdder();
    /** Items deleted because their row no longer exists in MySQL (e.g. deleted live while backfill ran). */
    public final LongAdder deleted = new LongAdder();
    /** Retries: UnprocessedItems/UnprocessedKeys resent, compare-and-set attempts lost to a concurrent write. */
    public final LongAdder retried = new LongAdder();
    /**
     * Backfill: chunks given up after their retries (the segment stops there; a rerun resumes at that chunk).
     * Repair: keys still different after the compare-and-set rounds.
     */
    public final LongAdder failed = new LongAdder();

    /**
     * DynamoDB's capacity units for the run's bulk calls (BatchGetItem, BatchWriteItem, Scan), as DynamoDB reports them:
     * what the run adds to the bill. The few single-item compare-and-set writes of re-copies are not included.
     */
    public final DoubleAdder readUnits = new DoubleAdder();
    public final DoubleAdder writeUnits = new DoubleAdder();

    public String summary() {
        return "rows read " + rowsRead.sum() + ", items written " + written.sum() + ", skipped (item already present) "
                + skippedExisting.sum() + ", re-copied after check " + recopied.sum() + ", deleted " + deleted.sum()
                + ", retried " + retried.sum() + ", failed " + failed.sum() + String.format(Locale.ROOT,
                ", capacity units read %.1f, written %.1f", readUnits.sum(), writeUnits.sum());
    }
}
