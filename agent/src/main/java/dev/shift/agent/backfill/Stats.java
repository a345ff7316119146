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
    /**
     * Backfill: rows not copied with their chunk because a live change of theirs was still on its way to DynamoDB (an
     * outbox entry named them); each was copied once that change had landed.
     */
    public final LongAdder held = new LongAdder();
    /** Backfill: chunk reads tried again because the application held a lock on one of their rows. */
    public final LongAdder lockRetries = new LongAdder();
    /** Items copied again from MySQL with a compare-and-set (backfill: the held rows; repair: the differences). */
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
        return "rows read " + rowsRead.sum() + ", items written " + written.sum() + ", held for a live change "
                + held.sum() + ", locked rows retried " + lockRetries.sum() + ", copied with compare-and-set "
                + recopied.sum() + ", deleted " + deleted.sum()
                + ", retried " + retried.sum() + ", failed " + failed.sum() + String.format(Locale.ROOT,
                ", capacity units read %.1f, written %.1f", readUnits.sum(), writeUnits.sum());
    }
}
