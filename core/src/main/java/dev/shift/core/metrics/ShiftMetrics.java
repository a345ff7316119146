package dev.shift.core.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters the agent feeds on its hot path (cheap: one {@link LongAdder} increment each) and the
 * admin endpoint shows on status and /metrics.
 */
public final class ShiftMetrics {

    private final Map<Store, LongAdder> reads = adders();
    private final Map<Store, LongAdder> writes = adders();
    private final Map<Store, LongAdder> errors = adders();
    private final Map<Store, LongAdder> timedReads = adders();
    private final Map<Store, LongAdder> readNanos = adders();
    private final Map<Store, LongAdder> timedWrites = adders();
    private final Map<Store, LongAdder> writeNanos = adders();
    private final LongAdder untranslated = new LongAdder();
    private final LongAdder unmirrored = new LongAdder();
    private volatile LongSupplier pendingReplays = () -> 0;
    private volatile java.util.function.Supplier<String> dynamoDbTrouble = () -> null;

    public void read(Store store) {
        reads.get(store).increment();
    }

    public void write(Store store) {
        writes.get(store).increment();
    }

    public void error(Store store) {
        errors.get(store).increment();
    }

    /** A read that was timed: counts as a read and adds its duration (System.nanoTime delta). */
    public void recordRead(Store store, long nanos) {
        reads.get(store).increment();
        timedReads.get(store).increment();
        readNanos.get(store).add(nanos);
    }

    /** A write that was timed: counts as a write and adds its duration (System.nanoTime delta). */
    public void recordWrite(Store store, long nanos) {
        writes.get(store).increment();
        timedWrites.get(store).increment();
        writeNanos.get(store).add(nanos);
    }

    /** A statement on a migrated table that Shift could not translate and sent to MySQL. */
    public void untranslatedStatement() {
        untranslated.increment();
    }

    /**
     * A write on a migrated table that MySQL took in a dual-write phase and DynamoDB may lack: Shift could neither
     * translate it nor follow the rows it touched (DynamoDB is not proven equal to MySQL until a backfill + verify).
     */
    public void unmirroredWrite() {
        unmirrored.increment();
    }

    /** Where to learn whether the statement path has stopped sending to DynamoDB (null: it has not). */
    public void dynamoDbTroubleFrom(java.util.function.Supplier<String> source) {
        this.dynamoDbTrouble = source;
    }

    /** Why the statement path is not sending to DynamoDB now (e.g. its circuit breaker is open), or null. */
    public String dynamoDbTrouble() {
        return dynamoDbTrouble.get();
    }

    /** Where the number of DynamoDB writes still waiting to be replayed comes from. */
    public void pendingReplaysFrom(LongSupplier source) {
        this.pendingReplays = source;
    }

    public long reads(Store store) {
        return reads.get(store).sum();
    }

    public long writes(Store store) {
        return writes.get(store).sum();
    }

    public long errors(Store store) {
        return errors.get(store).sum();
    }

    /** How many reads were timed with {@link #recordRead}; with {@link #readNanos} gives the mean. */
    public long timedReads(Store store) {
        return timedReads.get(store).sum();
    }

    public long readNanos(Store store) {
        return readNanos.get(store).sum();
    }

    public long timedWrites(Store store) {
        return timedWrites.get(store).sum();
    }

    public long writeNanos(Store store) {
        return writeNanos.get(store).sum();
    }

    public long untranslated() {
        return untranslated.sum();
    }

    public long unmirrored() {
        return unmirrored.sum();
    }

    public long pendingReplays() {
        return pendingReplays.getAsLong();
    }

    private static Map<Store, LongAdder> adders() {
        Map<Store, LongAdder> m = new EnumMap<>(Store.class);
        for (Store s : Store.values()) {
            m.put(s, new LongAdder());
        }
        return m;
    }
}
