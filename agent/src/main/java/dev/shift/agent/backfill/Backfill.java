package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.Backoff;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.VersionClock;
import dev.shift.agent.item.ItemKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Copies every mapped MySQL row into DynamoDB, resumably, in parallel, never leaving newer live data overwritten.
 *
 * <h2>Per chunk (one segment = one key range of one table; {@code --threads} segments run at once)</h2>
 * <ol>
 *   <li><b>Read</b> up to {@code chunk} rows after the segment's checkpoint with keyset pagination
 *       ({@code WHERE (k > ?) ORDER BY k LIMIT n}, never OFFSET), and their embedded children with one
 *       {@code IN (…)} query, in one REPEATABLE READ transaction, with shared locks taken without waiting
 *       ({@link RowLocks}): until the chunk is done, no application write can change its rows, delete them, or add,
 *       change or move their children. A row locked by an application's transaction makes the read fail at once (so
 *       backfill never waits while holding locks, and can never be part of a deadlock); it is tried again after a pause.
 *       Then, in the same transaction, the application's outbox ({@link LiveChanges}): a row one of its entries names
 *       has a change that may already be in MySQL's row and still on its way to DynamoDB; it is <i>held</i>.</li>
 *   <li><b>Copy</b> every other row with BatchWriteItem, 25 items a call, several calls in flight
 *       ({@link CallsInFlight}), nothing read first. The copy is MySQL's newest committed state of the row, and every
 *       DynamoDB write of an earlier change has landed (its outbox entry is gone), so the copy cannot overwrite newer
 *       data; every later change commits after the copy (the locks) and sends its DynamoDB write after committing, so
 *       it lands on the copy. The next chunk is read while this one's writes are in flight.</li>
 *   <li><b>Release</b> the locks once every write of the chunk returned. A held row is then copied once its outbox
 *       entries are gone (its change has landed) through {@link Reconciler} (compare-and-set on shift_version).</li>
 *   <li><b>Checkpoint</b> the chunk's last key (atomic file replace). Killed anywhere before this, the rerun does the
 *       chunk again, copying the same rows.</li>
 * </ol>
 * Then the phase-5 id counters are moved above MySQL's highest id ({@link IdAllocator#initialiseAbove}).
 *
 * <p>Run it with dual-write on (phase 2 or later): rows written live while it runs then reach DynamoDB through the
 * live path. With {@code --no-live-writes} (the operator states that nothing else writes the tables: phase 1 with the
 * application stopped) rows are read from a snapshot without locks and the outbox is not looked at; verify still runs
 * before any move. Started in phase 1 with the application running, rows changed after their chunk was copied are
 * not followed (verify finds them; repair fixes them).
 *
 * <p>The bill: one write unit per item of up to 1 KB, as the raw BatchWriteItem loader pays; nothing is read from
 * DynamoDB except for held rows.
 */
public final class Backfill {
    private static final System.Logger LOG = System.getLogger("shift.backfill");

    /** Options of a run. {@code crashAfterChunks} &gt; 0 is a test hook: fail hard after writing that many chunks. */
    public record Options(Set<String> tables, int threads, int chunk, double rate, Path checkpointDir,
                          boolean noLiveWrites, boolean restart, int crashAfterChunks) {
    }

    /** How a run reports progress (a terminal bar, the admin status, or nothing). */
    public interface Progress {
        void start(long totalRows, long alreadyDone);

        void advance(long rows);

        void finish();

        Progress NONE = new Progress() {
            @Override
            public void start(long totalRows, long alreadyDone) {
            }

            @Override
            public void advance(long rows) {
            }

            @Override
            public void finish() {
            }
        };
    }

    /** What a run did. {@code complete}: every segment finished (nothing failed). */
    public record Result(Stats stats, boolean complete, List<String> errors, Map<String, Long> idCounters, long millis) {
    }

    /** Thrown by the test hook. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String m) {
            super(m);
        }
    }

    /** DynamoDB calls in flight at once, all segments together (the HTTP client keeps 50 connections). */
    static final int CALLS_IN_FLIGHT = 16;

    /** How long a chunk is tried again while the application holds locks on its rows, or held rows wait for the outbox. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** How many times held rows are read again under locks before the rest is copied with a compare-and-set. */
    static final int HELD_ROUNDS = 3;

    /**
     * How long a locked chunk's copy may take: an application write to one of its rows waits that long at most, so a
     * hung or throttling DynamoDB fails the chunk (it is done again later) instead of holding the rows (after
     * innodb_lock_wait_timeout, 50 s by default, the application's write would fail).
     */
    static final ItemTable.Bound LOCKED_COPY = new ItemTable.Bound(6, Duration.ofSeconds(10));

    private final Stores stores;
    private final Options options;
    private final Progress progress;
    private final Stats stats = new Stats();
    private final ItemTable items;
    private final ItemBuilder builder;
    private final Reconciler reconciler;
    private final LiveChanges live;
    /** How a chunk's rows are locked ({@link RowLocks}); set by {@link #run} unless nothing else writes. */
    private String lockClause = "";
    private final RateLimiter rate;
    private final VersionClock clock = VersionClock.system();
    private final AtomicInteger chunksWritten = new AtomicInteger();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean crashed;
    private StatusFile status;
    private volatile java.util.function.Consumer<List<Row>> afterRead = rows -> { };
    /** Item keys of the rows this run copied or checked (bounded): the orphan pass need not look them up again. */
    private final Set<ItemKey> copied = ConcurrentHashMap.newKeySet();
    /** The run's DynamoDB calls in flight (open while {@link #run} runs). */
    private CallsInFlight inFlight;

    /** How long a copy may take ({@link #LOCKED_COPY}, or unbounded when nothing else writes the tables). */
    private ItemTable.Bound copyBound;
    private Duration patience = PATIENCE;

    /** Test hook: how long locked rows are tried again, and held rows' outbox entries waited for. */
    Backfill patience(Duration d) {
        patience = d;
        return this;
    }

    /** Test hook: the time each of a locked chunk's BatchWriteItem calls may take. */
    Backfill copyCallTimeout(Duration perCall) {
        copyBound = new ItemTable.Bound(LOCKED_COPY.calls(), perCall);
        return this;
    }

    /** Test hook: runs after each chunk was read from MySQL (and locked) and before it is copied. */
    public Backfill afterRead(java.util.function.Consumer<List<Row>> hook) {
        this.afterRead = hook;
        return this;
    }

    public Backfill(Stores stores, Options options, Progress progress) {
        this.stores = stores;
        this.options = options;
        this.progress = progress;
        this.items = new ItemTable(stores.gateway(), stats);
        this.builder = new ItemBuilder(stores.mapping());
        this.live = new LiveChanges(stores.outboxTable());
        this.reconciler = new Reconciler(items, builder, stats);
        this.rate = new RateLimiter(options.rate());
        this.copyBound = options.noLiveWrites() ? ItemTable.Bound.NONE : LOCKED_COPY;
    }

    public Stats stats() {
        return stats;
    }

    public Result run() throws SQLException {
        long t0 = System.nanoTime();
        // DynamoDB's table check (and its client's first call, the slowest) runs while MySQL is planned and counted.
        CompletableFuture<Void> tableChecked = CompletableFuture.runAsync(() -> stores.gateway().ensureTable(), r -> {
            Thread t = new Thread(r, "shift-backfill-table");
            t.setDaemon(true);
            t.start();
        });
        List<SqlTable> tables = stores.tables(options.tables());
        Checkpoints cps = new Checkpoints(options.checkpointDir(), stores.fingerprint());
        if (options.restart() && options.checkpointDir() != null) {
            deleteCheckpoints(options.checkpointDir());
        }
        List<Object[]> work = new ArrayList<>();   // {SqlTable, Segment}
        long total = 0;
        long done = 0;
        try (Connection c = stores.open()) {
            if (!options.noLiveWrites()) {
                lockClause = RowLocks.sharedNoWait(c);
                for (SqlTable t : tables) {
                    for (String child : t.childrenWithoutIndex()) {
                        LOG.log(System.Logger.Level.WARNING, "backfill: no index of " + child + " starts with the "
                                + "columns that link it to " + t.name() + ", so each chunk's locked read of its rows "
                                + "locks the whole table (the application's writes to it wait for every chunk, and a "
                                + "row it holds makes every chunk wait): add such an index before a backfill with live "
                                + "writes");
                    }
                }
            }
            for (SqlTable t : tables) {
                long count = t.count(c);
                total += count;
                List<Segment> segs = cps.segments(t.name());
                if (segs == null) {
                    segs = split(c, t, count, options.threads(), options.chunk());
                    cps.saveSegments(t.name(), segs);
                }
                for (Segment s : segs) {
                    Checkpoints.State st = cps.load(s, t);
                    done += st.rows();
                    work.add(new Object[] {t, s});
                }
            }
        }
        try {
            tableChecked.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        // Items without a row are looked for while the copy runs: the scan skips the items of the rows the copy has
        // read (they have one), and looks the others up in MySQL once the copy is done.
        CountDownLatch copyDone = new CountDownLatch(1);
        CompletableFuture<Verify.Result> orphans = CompletableFuture.supplyAsync(() -> {
            try {
                return new Verify(stores, new Verify.Options(options.tables(), options.threads(), options.chunk()))
                        .extraItemsOnly(copied, copyDone).run();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "shift-backfill-orphans");
            t.setDaemon(true);
            t.start();
        });
        status = new StatusFile(options.checkpointDir(), Math.max(total, done), done, stats);
        status.write("running", false);
        progress.start(Math.max(total, done), done);
        inFlight = new CallsInFlight(CALLS_IN_FLIGHT, "shift-backfill-call");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread th = new Thread(r, "shift-backfill");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Object[] w : work) {
                fs.add(pool.submit(() -> runSegment((SqlTable) w[0], (Segment) w[1], cps)));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    errors.add(String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add("interrupted");
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.close();
            copyDone.countDown();
            progress.finish();
        }
        Verify.Result extra;
        try {
            extra = orphans.join();
        } catch (CompletionException e) {
            extra = null;
            errors.add("looking for items without a row: " + e.getCause());
        }
        if (crashed) {
            status.write("stopped", true);
            throw new SimulatedCrash("backfill stopped by the test hook after " + options.crashAfterChunks() + " chunks");
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        boolean complete = errors.isEmpty() && stats.failed.sum() == 0;
        if (complete) {
            deleteOrphans(tables, extra);
            complete = errors.isEmpty() && stats.failed.sum() == 0;
        }
        if (complete) {
            counters = initialiseIdCounters(tables);
        }
        status.write(complete ? "complete" : "incomplete", true);
        return new Result(stats, complete, List.copyOf(errors), counters, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Copying rows cannot remove what a row's deletion left in DynamoDB while it was not written (phase 1, or a delete
     * DynamoDB missed): items of mapped entities whose row does not exist are found by verify's backward pass and
     * deleted with the same compare-and-set as a re-copy (an item a live write changed meanwhile is left alone).
     */
    private void deleteOrphans(List<SqlTable> tables, Verify.Result extra) throws SQLException {
        stats.readUnits.add(extra.readUnits());
        Map<String, SqlTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        try (Connection c = stores.open()) {
            for (Verify.Diff d : extra.diffs()) {
                SqlTable t = byName.get(d.table());
                if (t == null || d.kind() != Differ.Kind.EXTRA) {
                    continue;
                }
                switch (reconciler.reconcile(t, d.itemKey(), d.pk(), c)) {
                    case DELETED -> stats.deleted.increment();
                    case FAILED -> errors.add(d.table() + " " + d.itemKey() + ": an item without a row could not be deleted");
                    default -> { }   // a live write gave it a row meanwhile, or it is gone already
                }
            }
        }
    }

    /** Deletes the checkpoint files ({@code *.json}, {@code *.jsonl}) in {@code dir}; a missing directory is fine. */
    public static void deleteCheckpoints(Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".json") || p.getFileName().toString().endsWith(".jsonl")) {
                    java.nio.file.Files.delete(p);
                }
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // nothing to delete
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Key ranges on the first key column: {@code threads} of them when the table is big enough and numeric. */
    static List<Segment> split(Connection c, SqlTable t, long count, int threads, int chunk) throws SQLException {
        int n = Math.max(1, threads);
        if (n == 1 || !t.splittable() || count < 2L * chunk) {
            return List.of(Segment.whole(t.name()));
        }
        long[] b = t.firstKeyBounds(c);
        if (b == null || b[1] - b[0] < n) {
            return List.of(Segment.whole(t.name()));
        }
        List<Segment> out = new ArrayList<>();
        long span = b[1] - b[0] + 1;
        for (int i = 0; i < n; i++) {
            Long lo = i == 0 ? null : b[0] + span * i / n;
            Long hi = i == n - 1 ? null : b[0] + span * (i + 1) / n;
            out.add(new Segment(t.name(), i, n, lo, hi));
        }
        return out;
    }

    /**
     * Copies one segment, chunk after chunk. The next chunk is read from MySQL (on the segment's second connection)
     * while the current one's writes are in flight to DynamoDB, so the two stores work at the same time instead of in
     * turn; a chunk is released and checkpointed only once its own writes have all returned.
     */
    private void runSegment(SqlTable t, Segment seg, Checkpoints cps) {
        Checkpoints.State st = cps.load(seg, t);
        if (st.done()) {
            return;
        }
        int failures = 0;
        Connection[] conns = new Connection[3];   // the chunk's, the next chunk's, the outbox's (auto-commit)
        int current = 0;
        Chunk chunk = null;   // the chunk to copy next, when it was read ahead
        try {
            while (!crashed && !Thread.currentThread().isInterrupted()) {
                try {
                    if (chunk == null) {
                        chunk = read(connection(conns, current), connection(conns, 2), t, seg, st.after(), true);
                    }
                    Checkpoints.State next;
                    Chunk ahead = null;
                    if (chunk.rows.isEmpty()) {
                        release(chunk);
                        next = new Checkpoints.State(st.after(), st.rows(), true);
                    } else {
                        Copy copy = startCopy(chunk);
                        List<Row> rows = chunk.rows;
                        // not while held rows wait: the next chunk's locks would be held all that time
                        if (rows.size() == options.chunk() && chunk.held.isEmpty()) {
                            try {
                                ahead = read(connection(conns, 1 - current), connection(conns, 2), t, seg,
                                        rows.get(rows.size() - 1).key(), false);
                            } catch (SQLException | RuntimeException e) {
                                copy.writes.settle();
                                throw e;
                            }
                        }
                        next = finish(t, st, copy, connection(conns, 2));
                    }
                    cps.save(seg, t, next);
                    progress.advance(next.rows() - st.rows());
                    status.advance(next.rows() - st.rows());
                    if (next.done()) {
                        return;
                    }
                    st = next;
                    chunk = ahead;
                    current = 1 - current;
                    failures = 0;
                } catch (SimulatedCrash e) {
                    crashed = true;
                    return;
                } catch (SQLException | RuntimeException e) {
                    chunk = null;
                    failures++;
                    closeAll(conns);   // a chunk still locked is rolled back with its connection
                    if (failures >= 4) {
                        stats.failed.increment();
                        errors.add(seg.id() + " after key " + st.after() + ": " + e);
                        return;
                    }
                    stats.retried.increment();
                    Backoff.sleep(failures + 2);
                }
            }
        } finally {
            closeAll(conns);
        }
    }

    private Connection connection(Connection[] conns, int i) throws SQLException {
        if (conns[i] == null) {
            conns[i] = stores.open();
        }
        return conns[i];
    }

    /**
     * A chunk read from MySQL. With live writes its rows stay locked on {@code locks} until {@link #release}; {@code held}
     * are those an outbox entry named once they were locked (by primary key: the entries' ids).
     */
    private record Chunk(List<Row> rows, Connection locks, Map<List<Object>, Set<Long>> held) {
    }

    /**
     * 1. read: a chunk of rows after {@code after}, with their children. With live writes they are read with shared
     * locks taken without waiting; a busy row makes the read fail, and it is tried again after a pause when
     * {@code patient} (for at most {@link #patience}), or given up at once (null: a read-ahead, done again later).
     */
    private Chunk read(Connection c, Connection outbox, SqlTable t, Segment seg, List<Object> after, boolean patient)
            throws SQLException {
        if (options.noLiveWrites()) {
            return counted(new Chunk(SqlTable.snapshot(c, () -> t.readChunk(c, seg, after, options.chunk())), null, Map.of()));
        }
        Chunk chunk = locked(c, outbox, t.name() + ": rows after key " + after, patient,
                () -> t.readChunk(c, seg, after, options.chunk(), lockClause));
        return chunk == null ? null : counted(chunk);
    }

    /**
     * Reads rows with {@link #lockClause} in a REPEATABLE READ transaction left open on {@code c}, then which of them
     * the outbox names (on a connection of its own: the transaction keeps no lock on the outbox, not even a metadata
     * lock). A busy row fails the read at once: tried again after a pause when {@code patient} (for at most
     * {@link #patience}), else null.
     */
    private Chunk locked(Connection c, Connection outbox, String what, boolean patient, SqlTable.Read<List<Row>> read)
            throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1; ; attempt++) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                List<Row> rows = read.run();
                return new Chunk(rows, c, live.pending(outbox, rows));
            } catch (SQLException e) {
                c.rollback();
                c.setAutoCommit(true);
                if (!RowLocks.busy(e)) {
                    throw e;
                }
                stats.lockRetries.increment();
                if (!patient) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException(what + " stayed locked by other transactions for " + patience.toSeconds()
                            + " s (a long transaction of the application?); backfill tried " + attempt
                            + " times without waiting for them", e);
                }
                Backoff.sleep(Math.min(attempt, 4));   // 50-100 ms, then up to 400-800 ms
            }
        }
    }

    private Chunk counted(Chunk chunk) {
        stats.rowsRead.add(chunk.rows.size());
        if (copied.size() < Verify.SEEN_MAX) {
            chunk.rows.forEach(r -> copied.add(builder.key(r)));
        }
        stats.held.add(chunk.held.size());
        return chunk;
    }

    /** Ends the chunk's transaction: its rows are the application's again. */
    private static void release(Chunk chunk) throws SQLException {
        if (chunk.locks != null) {
            chunk.locks.commit();
            chunk.locks.setAutoCommit(true);
        }
    }

    /** A chunk whose writes are in flight. */
    private record Copy(Chunk chunk, CallsInFlight.Pending<Void> writes) {
    }

    /** 2. copy: every row not held, BatchWriteItem calls in flight together. */
    private Copy startCopy(Chunk chunk) {
        rate.acquire(chunk.rows.size());
        afterRead.accept(chunk.rows);
        return submitCopy(chunk);
    }

    private Copy submitCopy(Chunk chunk) {
        long version = clock.next();
        List<Row> toCopy = chunk.held.isEmpty() ? chunk.rows
                : chunk.rows.stream().filter(r -> !chunk.held.containsKey(r.key())).toList();
        List<Callable<Void>> copies = new ArrayList<>();
        for (int from = 0; from < toCopy.size(); from += DynamoGateway.BATCH_WRITE_MAX) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>(DynamoGateway.BATCH_WRITE_MAX);
            for (Row r : toCopy.subList(from, Math.min(toCopy.size(), from + DynamoGateway.BATCH_WRITE_MAX))) {
                batch.add(builder.item(r, version));
            }
            copies.add(() -> {
                items.putAllUnconditionally(batch, copyBound);
                stats.written.add(batch.size());
                return null;
            });
        }
        return new Copy(chunk, inFlight.submitAll(copies));
    }

    /** 3. once every write of the chunk returned: release its rows, copy the held ones; the state to checkpoint. */
    private Checkpoints.State finish(SqlTable t, Checkpoints.State st, Copy copy, Connection outbox) throws SQLException {
        copy.writes.await();
        Chunk chunk = copy.chunk;
        if (options.crashAfterChunks() > 0 && chunksWritten.incrementAndGet() >= options.crashAfterChunks()) {
            throw new SimulatedCrash("after chunk " + chunksWritten.get());
        }
        release(chunk);
        if (!chunk.held.isEmpty()) {
            copyHeld(t, chunk, outbox);
        }
        List<Row> rows = chunk.rows;
        return new Checkpoints.State(rows.get(rows.size() - 1).key(), st.rows() + rows.size(), rows.size() < options.chunk());
    }

    /**
     * The held rows, once the changes their outbox entries stand for have landed in DynamoDB: read again under locks,
     * with the outbox, and copied as a chunk is (those named again wait for another round). A row still named after
     * {@link #HELD_ROUNDS} rounds (written without pause) is copied from MySQL's state with a compare-and-set
     * ({@link Reconciler}), or its item deleted if the row is gone. An entry that stays (DynamoDB refused that write;
     * the application's drainer copies those rows from MySQL too) is waited for at most {@link #patience}.
     */
    private void copyHeld(SqlTable t, Chunk chunk, Connection outbox) throws SQLException {
        Connection c = chunk.locks;
        Map<List<Object>, Set<Long>> held = chunk.held;
        boolean landed = true;
        for (int round = 1; round <= HELD_ROUNDS && !held.isEmpty(); round++) {
            if (!awaitGone(t, held, outbox)) {
                landed = false;
                break;
            }
            List<List<Object>> keys = new ArrayList<>(held.keySet());
            Chunk again = locked(c, outbox, t.name() + ": held rows " + keys, true,
                    () -> t.readByKeysLocked(c, keys, lockClause));
            try {
                submitCopy(again).writes.await();
            } finally {
                release(again);   // every write of the copy has returned (await waits for all of them)
            }
            held = again.held;
        }
        if (held.isEmpty()) {
            return;
        }
        if (landed) {
            awaitGone(t, held, outbox);   // the last round's entries (entries that stayed were waited for once)
        }
        List<List<Object>> unsettled = new ArrayList<>();
        for (Row r : chunk.rows) {
            if (held.containsKey(r.key())) {
                switch (reconciler.reconcile(t, builder.key(r), r.key(), c)) {
                    case COPIED -> stats.recopied.increment();
                    case DELETED -> stats.deleted.increment();
                    case FAILED -> unsettled.add(r.key());
                    default -> { }
                }
            }
        }
        if (!unsettled.isEmpty()) {
            // not checkpointed: the chunk is done again (by the retry, or by the next run)
            throw new IllegalStateException(t.name() + " " + unsettled + ": still different after "
                    + Reconciler.MAX_ROUNDS + " compare-and-set rounds (rows changing very fast?)");
        }
    }

    /** Whether the held rows' outbox entries went within {@link #patience}. */
    private boolean awaitGone(SqlTable t, Map<List<Object>, Set<Long>> held, Connection outbox) throws SQLException {
        Set<Long> entries = new HashSet<>();
        held.values().forEach(entries::addAll);
        if (live.awaitGone(outbox, entries, patience)) {
            return true;
        }
        LOG.log(System.Logger.Level.INFO, "backfill: " + t.name() + ": outbox entries " + entries + " still there after "
                + patience.toSeconds() + " s (DynamoDB refused those writes?); their rows are copied from MySQL now");
        return false;
    }

    private Map<String, Long> initialiseIdCounters(List<SqlTable> tables) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        IdAllocator ids = new IdAllocator(stores.gateway());
        try (Connection c = stores.open()) {
            for (SqlTable t : tables) {
                String col = t.mapping().autoIncrement().orElse(null);
                if (col != null) {
                    long max = t.max(c, col);
                    out.put(t.name() + "." + col, ids.initialiseAbove(t.name(), col, max));
                }
            }
        }
        return out;
    }

    private static void closeAll(Connection[] conns) {
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] != null) {
                try {
                    conns[i].close();
                } catch (SQLException ignored) {
                    // closing a broken connection
                }
                conns[i] = null;
            }
        }
    }
}
