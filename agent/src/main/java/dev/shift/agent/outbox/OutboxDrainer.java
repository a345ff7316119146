package dev.shift.agent.outbox;

import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.dynamo.DynamoErrors;
import dev.shift.agent.route.PendingChanges;
import dev.shift.agent.sql.RowScope;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationControl;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The router's {@link PendingChanges}, kept in the {@link Outbox}, and the daemon thread that resolves what is
 * left there: entries whose request reported DynamoDB refusing (at once), and entries older than the outbox's
 * grace period (a request that died with its process, on this instance or another). Resolving an entry is
 * {@link ScopeRepair}: its rows' MySQL state copied into DynamoDB, idempotent and safe next to live writes.
 * Failed attempts back off (up to 30 s) and are counted on the entry. Also the admin port's {@link Backlog}.
 *
 * <p>A write whose answer was lost (a timeout, a broken connection, a 5xx) may still be applied by DynamoDB after
 * its rows were copied, over the copy. Its entry is therefore copied twice: at once, and again
 * {@link #DEFAULT_LATE_LANDING} after the first copy succeeded (DynamoDB answering again, the requests queued before
 * it land within that time), staying in the backlog until then.
 *
 * <p>Only while MySQL is written (phases 1-4): once it is not (phase 5), MySQL's state is no longer the truth,
 * and entries wait (visible in the backlog) instead of copying stale rows over newer items.
 */
public final class OutboxDrainer implements PendingChanges, Backlog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.outbox");
    private static final Duration IDLE = Duration.ofMillis(200);
    /** The longest wait for a change of phase while there is nothing to copy (a bound, in case a signal is missed). */
    private static final Duration NOTHING_TO_DO = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Entries younger than this are requests in flight, not backlog. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(1);
    /** How often the outbox table is searched for entries left by others (urgent ones are taken at once). */
    private static final long DUE_SCAN_NANOS = Duration.ofSeconds(1).toNanos();

    /** How long after a successful copy a write whose answer was lost is looked for once more. */
    public static final Duration DEFAULT_LATE_LANDING = Duration.ofSeconds(10);

    private final Outbox outbox;
    private final ScopeRepair repair;
    private final Supplier<Flags> flags;
    private final Set<Long> urgent = ConcurrentHashMap.newKeySet();
    /** Entries whose DynamoDB write may still land: copied once more after {@link #lateLanding}. */
    private final Set<Long> mayLandLate = ConcurrentHashMap.newKeySet();
    private Duration lateLanding = DEFAULT_LATE_LANDING;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Summary summary = new Summary(0, Optional.empty());
    private volatile long summaryAt;
    private long lastWarning;
    private long lastDueScan;
    private volatile MigrationControl changes;

    public OutboxDrainer(Outbox outbox, ScopeRepair repair, Supplier<Flags> flags) {
        this.outbox = outbox;
        this.repair = repair;
        this.flags = flags;
        this.thread = new Thread(this::run, "shift-outbox");
        this.thread.setDaemon(true);
    }

    /**
     * Outside the dual-write phases the thread then sleeps until the flags change, instead of looking five times a
     * second: in phase 1 Shift's background work is nothing at all.
     */
    public OutboxDrainer wakingOnChangesOf(MigrationControl control) {
        this.changes = control;
        return this;
    }

    /** How long after its first copy an entry whose write may land late is copied again (tests shorten it). */
    public OutboxDrainer copyingLostAnswersAgainAfter(Duration delay) {
        this.lateLanding = delay;
        return this;
    }

    public OutboxDrainer start() {
        thread.start();
        return this;
    }

    // ------------------------------------------------------------------ PendingChanges (the router's side)

    @Override
    public long record(List<RowScope> scopes) throws SQLException {
        if (scopes.isEmpty()) {
            return 0;   // the statement can change no row (a NULL key)
        }
        try {
            return outbox.record(scopes);
        } catch (SQLException e) {
            throw new SQLException("Shift could not record the change in its outbox (" + outbox.describe()
                    + "), so it was not made: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public void settled(long id) {
        if (id != 0) {
            outbox.settle(id);
        }
    }

    @Override
    public void unsettled(long id, Exception cause) {
        if (id != 0) {
            if (DynamoErrors.mayLandLate(cause)) {
                mayLandLate.add(id);
            }
            urgent.add(id);
        }
    }

    @Override
    public long pending() {
        return summary().pending();
    }

    // ------------------------------------------------------------------ the thread

    private void run() {
        Duration pause = IDLE;
        while (running) {
            try {
                if (!outbox.ready()) {
                    sleep(IDLE);   // the application has not connected yet: no change can have been recorded
                    continue;
                }
                outbox.deleteSettled();   // no I/O unless entries were settled since the last turn
                Flags phase = flags.get();
                if (!dualWrite(phase)) {
                    // Outside the dual-write phases (1, and 5 where MySQL is not written) there is nothing to copy.
                    awaitDualWrite();
                    continue;
                }
                long now = System.nanoTime();
                boolean scan = now - lastDueScan >= DUE_SCAN_NANOS;
                if (scan) {
                    lastDueScan = now;
                }
                boolean worked = drain(scan) > 0;
                pause = IDLE;
                if (!worked) {
                    sleep(pause);
                }
            } catch (SQLException | RuntimeException e) {
                warn("Shift cannot work through its outbox (" + outbox.describe() + "); retrying in "
                        + pause.toMillis() + " ms: " + e.getMessage());
                sleep(pause);
                pause = min(pause.multipliedBy(2), MAX_BACKOFF);
            }
        }
    }

    private static boolean dualWrite(Flags flags) {
        return flags.writeMysql() && flags.writeDdb();
    }

    private void awaitDualWrite() {
        MigrationControl control = changes;
        if (control == null) {
            sleep(IDLE);
            return;
        }
        try {
            control.awaitChangeWhile(flags -> !dualWrite(flags), NOTHING_TO_DO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** One turn of the thread: deletes settled entries, resolves the urgent ones and those due (returns how many). */
    public int drainOnce() throws SQLException {
        outbox.deleteSettled();
        return drain(true);
    }

    /** As {@link #drainOnce}; {@code scanDue} false: only the urgent entries (no query when there are none). */
    private int drain(boolean scanDue) throws SQLException {
        Map<Long, Outbox.Entry> work = new LinkedHashMap<>();
        for (Long id : List.copyOf(urgent)) {
            urgent.remove(id);
            outbox.find(id).ifPresent(e -> work.put(e.id(), e));
        }
        if (scanDue) {
            for (Outbox.Entry e : outbox.due(50)) {
                work.putIfAbsent(e.id(), e);
            }
        }
        for (Outbox.Entry e : work.values()) {
            try {
                resolve(e);
            } catch (SQLException | RuntimeException failure) {
                Duration backoff = min(Duration.ofMillis(500L << Math.min(e.attempts(), 10)), MAX_BACKOFF);
                outbox.failed(e.id(), String.valueOf(failure.getMessage()), backoff);
                warn("Shift could not copy " + describe(e.scopes()) + " from MySQL into DynamoDB (attempt "
                        + (e.attempts() + 1) + ", next in " + backoff.toMillis() + " ms): " + failure.getMessage());
            }
        }
        return work.size();
    }

    private void resolve(Outbox.Entry e) throws SQLException {
        outbox.withConnection(c -> {
            repair.repair(e.scopes(), c);
            return null;
        });
        if (mayLandLate.remove(e.id())) {
            outbox.copyAgainIn(e.id(), lateLanding, "copied from MySQL; copied again " + lateLanding.toSeconds()
                    + " s later, in case DynamoDB still applies the write whose answer was lost");
        } else {
            outbox.delete(e.id());
        }
    }

    // ------------------------------------------------------------------ Backlog (the operator's side)

    @Override
    public Summary summary() {
        if (System.nanoTime() - summaryAt > 1_000_000_000L) {
            try {
                return current();
            } catch (BacklogException e) {
                // MySQL unreachable: the last figures stand until it answers again
            }
        }
        return summary;
    }

    @Override
    public Summary current() throws BacklogException {
        if (!outbox.ready()) {
            return summary;   // the application has not connected yet: nothing can have been recorded
        }
        try {
            Outbox.Backlogged b = outbox.backlog(IN_FLIGHT);
            summary = new Summary(b.count(), b.oldestAge());
            summaryAt = System.nanoTime();
            return summary;
        } catch (SQLException | RuntimeException e) {
            throw new BacklogException("Shift cannot read its outbox (" + outbox.describe() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> list(int limit) {
        try {
            List<Entry> out = new ArrayList<>();
            for (Outbox.Entry e : outbox.oldest(limit)) {
                out.add(new Entry(e.id(), e.createdAt(), e.scopes().stream().map(RowScope::describe).toList(),
                        e.attempts(), e.lastError()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Shift cannot read its outbox (" + outbox.describe() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public boolean retry(long id) throws BacklogException {
        try {
            Optional<Outbox.Entry> e = outbox.find(id);
            if (e.isEmpty()) {
                return false;
            }
            resolve(e.get());
            summaryAt = 0;
            return true;
        } catch (SQLException | RuntimeException e) {
            throw new BacklogException("outbox entry " + id + " could not be copied from MySQL into DynamoDB: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean discard(long id) throws BacklogException {
        try {
            Optional<Outbox.Entry> e = outbox.find(id);
            if (e.isEmpty() || !outbox.delete(id)) {
                return false;
            }
            mayLandLate.remove(id);
            summaryAt = 0;
            LOG.log(System.Logger.Level.WARNING, "Shift: outbox entry " + id + " (" + describe(e.get().scopes())
                    + ") discarded by an operator; DynamoDB may differ from MySQL for these rows until they are repaired");
            return true;
        } catch (SQLException e) {
            throw new BacklogException("outbox entry " + id + " could not be discarded: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        outbox.close();
    }

    // ------------------------------------------------------------------ helpers

    private static String describe(List<RowScope> scopes) {
        return String.join(", ", scopes.stream().map(RowScope::describe).toList());
    }

    private synchronized void warn(String message) {
        long now = System.nanoTime();
        if (now - lastWarning > Duration.ofMinutes(1).toNanos() || lastWarning == 0) {
            lastWarning = now;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? b : a;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
