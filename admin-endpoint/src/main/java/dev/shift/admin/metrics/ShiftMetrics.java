package dev.shift.admin.metrics;

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
    private final LongAdder untranslated = new LongAdder();
    private volatile LongSupplier pendingReplays = () -> 0;

    public void read(Store store) {
        reads.get(store).increment();
    }

    public void write(Store store) {
        writes.get(store).increment();
    }

    public void error(Store store) {
        errors.get(store).increment();
    }

    /** A statement on a migrated table that Shift could not translate and sent to MySQL. */
    public void untranslatedStatement() {
        untranslated.increment();
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

    public long untranslated() {
        return untranslated.sum();
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
