package dev.shift.agent.reverse;

import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.backfill.SqlTable;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import dev.shift.agent.route.DynamoOnlyWrites;
import dev.shift.core.backlog.BacklogException;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Brings MySQL up to date with what was written while it was not (phase 5), so the way back loses nothing: a daemon
 * thread takes the {@link ReverseLog}'s entries oldest first, copies each named item's state into its rows
 * ({@link RowsFromItems}: inserts, updates, deletes, embedded children back to child rows, never older than
 * DynamoDB) and removes the entry. It also keeps MySQL's AUTO_INCREMENT above the ids Shift handed out
 * ({@link #ID_MARGIN} more, for instances that have not seen a switch yet), so MySQL never gives an id twice.
 *
 * <p>Every instance runs one; copying is idempotent, so two copying the same entry is harmless. It works while
 * MySQL is not written, and after any change of phase until it has found nothing to do for {@link #SETTLE}
 * (entries from instances still in phase 5 arrive for a moment after a switch); otherwise it does no I/O.
 */
public final class ReverseSync implements ReverseBacklog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.reverse");
    /** Ids MySQL's AUTO_INCREMENT is set above Shift's counter, for allocations by instances still in phase 5. */
    public static final long ID_MARGIN = 1_000;
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** How long a move back to writing MySQL may hold this JVM's DynamoDB-only writes while MySQL catches up. */
    static final Duration HOLD = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(1);
    /** The longest wait for a change of phase in phase 1 (a bound, in case a signal is missed). */
    private static final Duration NOTHING_TO_DO = Duration.ofMinutes(1);
    private static final Duration ID_CHECK = Duration.ofSeconds(5);
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A pass that copied fewer entries than this is followed by a {@link #GATHER} pause before the next. */
    private static final int FEW = 25;
    private static final Duration GATHER = Duration.ofMillis(250);
    /** MySQL connections a pass copies with at most, its own included. */
    public static final int COPIERS = 4;
    /** Entries each connection is given at least: a pass with fewer copies them on its own connection. */
    private static final int ENTRIES_PER_COPIER = 16;

    private final ReverseLog log;
    private final RowsFromItems copier;
    private final MysqlConnector mysql;
    private final IdAllocator ids;
    private final Mapping mapping;
    private final Supplier<MigrationState> state;
    private final DynamoOnlyWrites writes;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Summary summary = new Summary(0, Optional.empty(), List.of(), Optional.empty());
    private volatile String lastError;
    private long settledVersion = -1;   // the state version after which a pass found nothing (idle until it changes)
    private Instant stateSeenAt;
    private long stateSeen = -1;
    private long lastWarning;
    private List<SqlTable> tables;
    private Instant idsCheckedAt = Instant.EPOCH;
    private Instant summaryAt = Instant.EPOCH;
    private volatile MigrationControl changes;
    private ExecutorService copiers;

    public ReverseSync(ReverseLog log, RowsFromItems copier, MysqlConnector mysql, IdAllocator ids, Mapping mapping,
            Supplier<MigrationState> state, DynamoOnlyWrites writes, Clock clock) {
        this.log = log;
        this.copier = copier;
        this.mysql = mysql;
        this.ids = ids;
        this.mapping = mapping;
        this.state = state;
        this.writes = writes;
        this.clock = clock;
        this.thread = new Thread(this::run, "shift-reverse-sync");
        this.thread.setDaemon(true);
    }

    /**
     * While DynamoDB is not written (phase 1) the thread then sleeps until the flags change, instead of looking
     * once a second: in phase 1 Shift's background work is nothing at all.
     */
    public ReverseSync wakingOnChangesOf(MigrationControl control) {
        this.changes = control;
        return this;
    }

    public ReverseSync start() {
        thread.start();
        return this;
    }

    // ------------------------------------------------------------------ the thread

    private void run() {
        Duration pause = IDLE;
        while (running) {
            try {
                if (!due()) {
                    awaitWork();
                    continue;
                }
                int copied = syncOnce();
                pause = IDLE;
                if (copied == 0) {
                    sleep(IDLE);
                } else if (copied < FEW) {
                    sleep(GATHER);   // a quiet phase 5: let entries gather, rather than read eight partitions for a few
                }
            } catch (SQLException | RuntimeException e) {
                lastError = e.getMessage();
                warn("Shift cannot copy phase-5 writes into MySQL yet (" + mysql.describe() + "); retrying in "
                        + pause.toMillis() + " ms: " + e.getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause.multipliedBy(2);
            }
        }
    }

    private void awaitWork() {
        MigrationControl control = changes;
        if (control == null || !mysql.ready() || control.flags().writeDdb()) {
            sleep(IDLE);   // a change of phase may still settle
            return;
        }
        try {
            control.awaitChangeWhile(flags -> !flags.writeDdb(), NOTHING_TO_DO);   // phase 1: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** True while there may be work: MySQL is not written, or a change of phase has not settled yet. */
    private boolean due() {
        MigrationState s = state.get();
        if (!mysql.ready() || !s.flags().writeDdb()) {
            return false;   // phase 1: nothing of DynamoDB is Shift's business
        }
        if (s.version() != stateSeen) {
            stateSeen = s.version();
            stateSeenAt = clock.instant();
        }
        return !s.flags().writeMysql() || s.version() != settledVersion;
    }

    /**
     * One pass: copies the oldest entries (up to 25 per partition) and removes them; with none left, raises
     * MySQL's AUTO_INCREMENT where needed (at most every few seconds). Returns how many entries were copied; an entry
     * MySQL refuses stays (its error is the summary's {@code lastError}) and throws only when none could be copied.
     */
    public int syncOnce() throws SQLException {
        return sync(false);
    }

    /** One pass; {@code idsNow}: with nothing left, check MySQL's AUTO_INCREMENTs whenever the last check was. */
    private synchronized int sync(boolean idsNow) throws SQLException {
        List<ReverseLog.Entry> entries = log.oldest(25);
        MigrationState s = state.get();
        Instant now = clock.instant();
        int failed = 0;
        try (Connection c = mysql.open()) {
            if (tables == null) {
                tables = SqlTable.discover(c, mapping, null);
            }
            Failures f = copyAll(c, entries);
            failed = f.count();
            if (failed == entries.size() && failed > 0) {
                throw new SQLException(f.last());
            }
            lastError = f.last();
            if (entries.isEmpty()) {
                List<String> behind = summary.idsBehind();
                if (idsNow || Duration.between(idsCheckedAt, now).compareTo(ID_CHECK) >= 0) {
                    behind = raiseAutoIncrements(c);
                    idsCheckedAt = now;
                }
                summary = new Summary(0, Optional.empty(), behind, Optional.empty());
            } else if (Duration.between(summaryAt, now).compareTo(SUMMARY_EVERY) >= 0) {
                summary = readSummary(c, false);
                summaryAt = now;
            }
        }
        if (entries.isEmpty() && s.flags().writeMysql() && stateSeenAt != null
                && Duration.between(stateSeenAt, now).compareTo(SETTLE) >= 0) {
            settledVersion = s.version();
        }
        return entries.size() - failed;
    }

    /** Entries a pass did not copy (they stay, and are tried again next pass), and the last one's error. */
    private record Failures(int count, String last) {
        Failures plus(Failures o) {
            return new Failures(count + o.count, o.last != null ? o.last : last);
        }
    }

    /**
     * Copies the entries: on the pass's connection alone when they are few, else shared among up to {@link #COPIERS}
     * connections (a busy phase 5 writes faster than one connection copies). The entries naming one item go to one
     * connection, in order, so the copies do not wait on each other's row locks (two inserts of one new row would
     * deadlock on its gap lock). Each key stays its own MySQL transaction that locks the row before reading the item,
     * so should two copies of one item still meet (an entry naming several), the one copying last copies the item as
     * it is then.
     */
    private Failures copyAll(Connection c, List<ReverseLog.Entry> entries) {
        int n = Math.max(1, Math.min(COPIERS, entries.size() / ENTRIES_PER_COPIER));
        List<List<ReverseLog.Entry>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        for (ReverseLog.Entry e : entries) {
            parts.get(e.items().isEmpty() ? 0 : Math.floorMod(e.items().get(0).hashCode(), n)).add(e);
        }
        List<Future<Failures>> others = new ArrayList<>();
        parts.subList(1, n).removeIf(List::isEmpty);
        for (List<ReverseLog.Entry> part : parts.subList(1, parts.size())) {
            others.add(copiers().submit(() -> {
                try (Connection own = mysql.open()) {
                    return copy(own, part);
                } catch (SQLException e) {
                    return new Failures(part.size(), "no MySQL connection to copy with: " + e.getMessage());
                }
            }));
        }
        Failures f = copy(c, parts.get(0));
        for (int i = 0; i < others.size(); i++) {
            try {
                f = f.plus(others.get(i).get());
            } catch (ExecutionException e) {
                f = f.plus(new Failures(parts.get(i + 1).size(), String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f = f.plus(new Failures(parts.get(i + 1).size(), "interrupted"));
            }
        }
        return f;
    }

    /** Copies the entries' items on {@code c}; those copied are removed from the log together, at the end. */
    private Failures copy(Connection c, List<ReverseLog.Entry> entries) {
        int failed = 0;
        String failure = null;
        List<ReverseLog.Entry> copied = new ArrayList<>(entries.size());
        for (ReverseLog.Entry e : entries) {
            try {
                for (ItemKey k : e.items()) {
                    copier.copy(c, tables, k);
                }
                copied.add(e);
            } catch (SQLException | RuntimeException x) {
                // One entry MySQL refuses must not hold up the others: it stays, and is tried again next pass.
                failed++;
                failure = "items " + e.items() + ": " + x.getMessage();
            }
        }
        try {
            log.removeAll(copied);
        } catch (RuntimeException x) {
            // copied, but still in the log: copied again next pass, which changes nothing
            return new Failures(entries.size(), "the copied entries could not be removed from the log: " + x.getMessage());
        }
        return new Failures(failed, failure);
    }

    /** The copiers beside the pass's own connection; their threads start only when a pass first needs them. */
    private synchronized ExecutorService copiers() {
        if (copiers == null) {
            copiers = Executors.newFixedThreadPool(COPIERS - 1, r -> {
                Thread t = new Thread(r, "shift-reverse-sync-copy");
                t.setDaemon(true);
                return t;
            });
        }
        return copiers;
    }

    /**
     * For each AUTO_INCREMENT column with a Shift counter: sets MySQL's AUTO_INCREMENT above the counter (plus the
     * margin) when it is not already above it. Returns what is still behind (nothing, unless MySQL refused).
     */
    private List<String> raiseAutoIncrements(Connection c) throws SQLException {
        List<String> behind = new ArrayList<>();
        for (TableMapping t : mapping.tables().values()) {
            if (t.autoIncrement().isEmpty()) {
                continue;
            }
            String col = t.autoIncrement().get();
            long counter = ids.current(t.name(), col);
            if (counter == 0) {
                continue;   // Shift never handed out an id for it
            }
            long next = SqlTable.nextAutoIncrement(c, t.name());
            if (next <= counter) {
                try (Statement st = c.createStatement()) {
                    // Identifiers come from the operator's mapping; the value is a number.
                    st.executeUpdate("ALTER TABLE `" + t.name() + "` AUTO_INCREMENT = " + (counter + 1 + ID_MARGIN));
                }
                LOG.log(System.Logger.Level.INFO, "Shift: " + t.name() + "." + col + " AUTO_INCREMENT moved from " + next
                        + " to " + (counter + 1 + ID_MARGIN) + " (above the ids Shift handed out while MySQL was not written)");
                next = SqlTable.nextAutoIncrement(c, t.name());
            }
            if (next <= counter) {
                behind.add(t.name() + "." + col + ": MySQL's next id " + next + " is not above " + counter
                        + ", the highest Shift handed out");
            }
        }
        return behind;
    }

    // ------------------------------------------------------------------ ReverseBacklog

    /**
     * A move back to writing MySQL: this JVM's DynamoDB-only writes are held (those in flight finish first), what waits
     * is copied on this thread, then the move runs and the held writes go on under its phase.
     */
    @Override
    public <T> T catchingUp(Supplier<T> move) {
        return writes.holding(HOLD, () -> {
            long deadline = System.nanoTime() + HOLD.toNanos();
            try {
                while (sync(true) > 0 && System.nanoTime() < deadline) {
                    // copy until nothing waits; then MySQL's next ids are moved above Shift's
                }
            } catch (SQLException | RuntimeException e) {
                lastError = e.getMessage();   // the move's reverse-sync check reports it
            }
            return move.get();
        });
    }

    @Override
    public Summary summary() {
        return summary;
    }

    @Override
    public Summary current() throws BacklogException {
        try (Connection c = mysql.open()) {
            return summary = readSummary(c, true);
        } catch (SQLException | RuntimeException e) {
            throw new BacklogException("Shift cannot read the writes MySQL lacks: " + e.getMessage(), e);
        }
    }

    private Summary readSummary(Connection c, boolean checkIds) throws SQLException {
        ReverseLog.Pending p = log.pending(clock.instant());
        List<String> behind = new ArrayList<>();
        if (checkIds) {
            for (TableMapping t : mapping.tables().values()) {
                if (t.autoIncrement().isPresent()) {
                    long counter = ids.current(t.name(), t.autoIncrement().get());
                    long next = counter == 0 ? 0 : SqlTable.nextAutoIncrement(c, t.name());
                    if (counter > 0 && next <= counter) {
                        behind.add(t.name() + "." + t.autoIncrement().get() + ": MySQL's next id " + next
                                + " is not above " + counter + ", the highest Shift handed out");
                    }
                }
            }
        } else {
            behind.addAll(summary.idsBehind());
        }
        return new Summary(p.count(), Optional.ofNullable(p.oldestAge()), behind, Optional.ofNullable(lastError));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        synchronized (this) {
            if (copiers != null) {
                copiers.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private synchronized void warn(String message) {
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning > Duration.ofMinutes(1).toNanos()) {
            lastWarning = now;
            LOG.log(System.Logger.Level.WARNING, message);
        }
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
