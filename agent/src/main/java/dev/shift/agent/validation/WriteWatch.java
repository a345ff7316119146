package dev.shift.agent.validation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether a table was written (through this JVM's Shift) while a shadow comparison's two reads were
 * under way. MySQL answers first and DynamoDB later, so a write landing in between — very often the
 * application's own next statement, as in "read the cart line, then upsert it" — makes the two answers
 * differ although the stores agree. Such a difference is inconclusive: it is counted as skipped
 * ({@value ShadowReads#RACED}), never as a mismatch. Equal answers are always a match.
 *
 * <p>Per table, two counters: writes started and writes finished. A window is quiet when no write was in
 * progress as it opened and none started before it closed. A COMMIT that applies a transaction's writes
 * counts as a write on every table. Writes by other instances of the application are not seen here.
 */
public final class WriteWatch {

    private static final String ALL = "\0all";

    private final Map<String, Counters> tables = new ConcurrentHashMap<>();

    private Counters of(String table) {
        return tables.computeIfAbsent(table, t -> new Counters());
    }

    /** A write on {@code table} begins; call {@link #finished} when it is done (in a finally). */
    void started(String table) {
        of(table == null ? ALL : table).started.incrementAndGet();
    }

    void finished(String table) {
        of(table == null ? ALL : table).finished.incrementAndGet();
    }

    /** Opens a window on {@code table} before MySQL is read. */
    Window open(String table) {
        Counters t = of(table);
        Counters all = of(ALL);
        // started before finished: a write that starts in between shows as in progress (conservative)
        long ts = t.started.get();
        long as = all.started.get();
        boolean busy = ts != t.finished.get() || as != all.finished.get();
        return new Window(t, all, ts, as, busy);
    }

    /** What a comparison captured before MySQL ran its statement. */
    public static final class Window {
        private final Counters table;
        private final Counters all;
        private final long tableStarted;
        private final long allStarted;
        private final boolean busyAtOpen;

        private Window(Counters table, Counters all, long tableStarted, long allStarted, boolean busyAtOpen) {
            this.table = table;
            this.all = all;
            this.tableStarted = tableStarted;
            this.allStarted = allStarted;
            this.busyAtOpen = busyAtOpen;
        }

        /** True when no write on the table was in progress at open and none started since. */
        boolean quiet() {
            return !busyAtOpen && table.started.get() == tableStarted && all.started.get() == allStarted;
        }
    }

    private static final class Counters {
        final AtomicLong started = new AtomicLong();
        final AtomicLong finished = new AtomicLong();
    }
}
