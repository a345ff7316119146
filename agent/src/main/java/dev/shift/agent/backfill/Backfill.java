package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.Backoff;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.VersionClock;
import dev.shift.agent.item.ItemKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 *       {@code IN (…)} query, in one REPEATABLE READ transaction (a consistent snapshot of the chunk). The next
 *       chunk is read while this one's writes are in flight (step 2), so MySQL and DynamoDB work at the same time.</li>
 *   <li><b>Copy</b>: the chunk's items are read first (strongly consistent BatchGetItem); those that exist were
 *       written live (dual-write, phases 2-4) or by an earlier run, and are left alone here (judged in step 3). The
 *       others are written with BatchWriteItem, 25 a call, several calls in flight ({@link CallsInFlight}). A live
 *       write can only create one of them in the moment between that read and the write (a row deleted and inserted
 *       again right then); the check below finds it and puts MySQL's row back. With {@code --no-live-writes} (the
 *       operator states that nothing else writes the table: phase 1, or the application stopped) nothing is read
 *       first and the check is skipped: nothing can race the copy, and verify still runs before any move.</li>
 *   <li><b>Check</b> (after every write of the chunk returned): the chunk's key range is read again from
 *       MySQL and its items with a strongly consistent BatchGetItem; every key where they differ goes through
 *       {@link Reconciler} (compare-and-set on shift_version, looping until equal). This closes the holes copying
 *       only absent items leaves: a live UPDATE/DELETE that ran while the item did not exist yet was a
 *       no-op in DynamoDB (the live path's writes on a missing item do nothing), so the copy of the row read
 *       before it is stale (update) or resurrects a deleted row (delete). Both live writes committed in MySQL
 *       before their DynamoDB attempt, hence before our copy, hence before this re-read: the re-read sees them
 *       and the reconciler re-copies the row, or deletes the item only if it is still exactly the one we
 *       copied (a live re-insert meanwhile wins).</li>
 *   <li><b>Checkpoint</b> the chunk's last key (atomic file replace). Killed anywhere before this, the rerun
 *       does the chunk again: existing items are skipped by the copy and found equal by the check.</li>
 * </ol>
 * Then the phase-5 id counters are moved above MySQL's highest id ({@link IdAllocator#initialiseAbove}).
 *
 * <p>Run it with dual-write on (phase 2 or later): rows written live while it runs then reach DynamoDB through
 * the live path, and those it copies are checked. Started in phase 1, rows changed after their chunk was copied
 * are not followed (verify finds them; repair fixes them).
 */
public final class Backfill {

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

    private final Stores stores;
    private final Options options;
    private final Progress progress;
    private final Stats stats = new Stats();
    private final ItemTable items;
    private final ItemBuilder builder;
    private final Differ differ;
    private final Reconciler reconciler;
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

    /** Test hook: runs after each chunk was read from MySQL and before it is copied (a live write "in between"). */
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
        this.differ = new Differ(stores.mapping());
        this.reconciler = new Reconciler(items, builder, stats);
        this.rate = new RateLimiter(options.rate());
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
     * Copies one segment, chunk after chunk. The next chunk is read from MySQL while the current one's writes are in
     * flight to DynamoDB (the two stores work at the same time instead of in turn); a chunk is checked, and
     * checkpointed, only once its own writes have all returned.
     */
    private void runSegment(SqlTable t, Segment seg, Checkpoints cps) {
        Checkpoints.State st = cps.load(seg, t);
        if (st.done()) {
            return;
        }
        int failures = 0;
        Connection c = null;
        List<Row> rows = null;   // the chunk to copy next, when it was read ahead
        try {
            while (!crashed && !Thread.currentThread().isInterrupted()) {
                try {
                    if (c == null) {
                        c = stores.open();
                    }
                    if (rows == null) {
                        rows = read(c, t, seg, st.after());
                    }
                    Checkpoints.State next;
                    List<Row> ahead = List.of();
                    if (rows.isEmpty()) {
                        next = new Checkpoints.State(st.after(), st.rows(), true);
                    } else {
                        Copy copy = startCopy(rows);
                        boolean last = rows.size() < options.chunk();
                        try {
                            ahead = last ? List.of() : read(c, t, seg, rows.get(rows.size() - 1).key());
                        } catch (SQLException | RuntimeException e) {
                            copy.writes.settle();
                            throw e;
                        }
                        next = finish(c, t, seg, st, copy);
                    }
                    cps.save(seg, t, next);
                    progress.advance(next.rows() - st.rows());
                    status.advance(next.rows() - st.rows());
                    if (next.done()) {
                        return;
                    }
                    st = next;
                    rows = ahead;
                    failures = 0;
                } catch (SimulatedCrash e) {
                    crashed = true;
                    return;
                } catch (SQLException | RuntimeException e) {
                    rows = null;
                    failures++;
                    closeQuietly(c);
                    c = null;
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
            closeQuietly(c);
        }
    }

    /** 1. read: a chunk of rows after {@code after}, with their children, in one snapshot. */
    private List<Row> read(Connection c, SqlTable t, Segment seg, List<Object> after) throws SQLException {
        List<Row> rows = SqlTable.snapshot(c, () -> t.readChunk(c, seg, after, options.chunk()));
        stats.rowsRead.add(rows.size());
        if (copied.size() < Verify.SEEN_MAX) {
            rows.forEach(r -> copied.add(builder.key(r)));
        }
        return rows;
    }

    /** A chunk whose writes are in flight. */
    private record Copy(List<Row> rows, CallsInFlight.Pending<Void> writes) {
    }

    /** 2. copy: only where no item exists (with --no-live-writes: every row), BatchWriteItem calls in flight together. */
    private Copy startCopy(List<Row> rows) {
        rate.acquire(rows.size());
        afterRead.accept(rows);
        long version = clock.next();
        List<Row> toCopy = rows;
        if (!options.noLiveWrites()) {
            Set<ItemKey> existing = items.present(rows.stream().map(builder::key).toList());
            toCopy = rows.stream().filter(r -> !existing.contains(builder.key(r))).toList();
            stats.skippedExisting.add(rows.size() - toCopy.size());
        }
        List<Callable<Void>> copies = new ArrayList<>();
        for (int from = 0; from < toCopy.size(); from += DynamoGateway.BATCH_WRITE_MAX) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>(DynamoGateway.BATCH_WRITE_MAX);
            for (Row r : toCopy.subList(from, Math.min(toCopy.size(), from + DynamoGateway.BATCH_WRITE_MAX))) {
                batch.add(builder.item(r, version));
            }
            copies.add(() -> {
                items.putAllUnconditionally(batch);
                stats.written.add(batch.size());
                return null;
            });
        }
        return new Copy(rows, inFlight.submitAll(copies));
    }

    /** 3. check, once every write of the chunk returned; the state to checkpoint. */
    private Checkpoints.State finish(Connection c, SqlTable t, Segment seg, Checkpoints.State st, Copy copy)
            throws SQLException {
        copy.writes.await();
        List<Row> rows = copy.rows;
        if (options.crashAfterChunks() > 0 && chunksWritten.incrementAndGet() >= options.crashAfterChunks()) {
            throw new SimulatedCrash("after chunk " + chunksWritten.get());
        }
        List<Object> last = rows.get(rows.size() - 1).key();
        Checkpoints.State done = new Checkpoints.State(last, st.rows() + rows.size(), rows.size() < options.chunk());
        if (options.noLiveWrites()) {
            // Nothing can have raced the copy (the operator said so): the check would find nothing; verify still runs.
            return done;
        }
        // the range again from MySQL (now) and DynamoDB (now, consistent); reconcile what differs
        List<Row> now = SqlTable.snapshot(c, () -> t.readRange(c, seg, st.after(), last));
        Map<List<Object>, Row> nowByPk = new HashMap<>();
        Map<ItemKey, List<Object>> toCheck = new LinkedHashMap<>();   // item key → MySQL key
        for (Row r : rows) {
            toCheck.put(builder.key(r), r.key());
        }
        for (Row r : now) {
            nowByPk.put(r.key(), r);
            toCheck.put(builder.key(r), r.key());
        }
        Map<ItemKey, Map<String, AttributeValue>> current = items.getAll(new ArrayList<>(toCheck.keySet()));
        List<List<Object>> unsettled = new ArrayList<>();
        for (Map.Entry<ItemKey, List<Object>> e : toCheck.entrySet()) {
            Row r = nowByPk.get(e.getValue());
            if (r != null && !builder.key(r).equals(e.getKey())) {
                r = null;   // the row's key columns changed: the item at the old key is extra
            }
            if (differ.compare(r, current.get(e.getKey())) != null) {
                switch (reconciler.reconcile(t, e.getKey(), e.getValue(), c)) {
                    case COPIED -> stats.recopied.increment();
                    case DELETED -> stats.deleted.increment();
                    case FAILED -> unsettled.add(e.getValue());
                    default -> { }
                }
            }
        }
        if (!unsettled.isEmpty()) {
            // not checkpointed: the chunk is done again (by the retry below, or by the next run)
            throw new IllegalStateException(t.name() + " " + unsettled + ": still different after "
                    + Reconciler.MAX_ROUNDS + " compare-and-set rounds (rows changing very fast?)");
        }
        return done;
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

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }
}
