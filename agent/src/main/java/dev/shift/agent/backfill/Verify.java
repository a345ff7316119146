package dev.shift.agent.backfill;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.TableMapping;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares every mapped MySQL row with its item, both directions (like Vitess VDiff):
 * <ol>
 *   <li>forward: each table in key ranges (keyset chunks, {@code --threads} at once; a segment reads its next chunk
 *       while the items of the current one are being read); a chunk's items are read
 *       with strongly consistent BatchGetItem and compared with {@link Differ} (MISSING, MISMATCH);</li>
 *   <li>backward: a parallel Scan of the DynamoDB table; every item of a mapped entity whose row does not
 *       exist in MySQL (or maps to another item key) is EXTRA. Shift's counter items and items of unknown
 *       entities are not rows and are skipped (counted). An item whose key the forward pass of this run built
 *       from a row it compared has its row (up to {@link #SEEN_MAX} keys are remembered); only the others
 *       (extra items, rows the forward pass had not reached, rows compared by an earlier run before a resume)
 *       are looked up in MySQL, once the forward pass is done;</li>
 *   <li>re-check: each difference found is read again from both stores once and reported only if it still
 *       differs, so a row changed by the live application during the run is not a false difference.</li>
 * </ol>
 * With {@link #checkpoints(Path)} the forward pass is resumable: the segment plan, each segment's last compared key
 * and the differences found so far are kept in that directory (like backfill's checkpoints), so a run that was
 * killed or failed continues where it stopped; the backward scan runs again in full, and every difference is re-read
 * at the end anyway. A run that finishes removes its checkpoints, so the next one compares everything again.
 */
public final class Verify {
    public record Options(Set<String> tables, int threads, int chunk) {
    }

    /** One difference: MySQL key ({@code pk} null when an extra item names no row), item key, values seen. */
    public record Diff(Differ.Kind kind, String table, List<String> keyColumns, List<Object> pk, ItemKey itemKey,
                       List<String> attributes, Row row, Map<String, AttributeValue> item) {
    }

    /** @param readUnits DynamoDB's read capacity units for the run (its bill) */
    public record Result(long rowsCompared, long itemsScanned, long itemsSkipped, List<Diff> diffs, long millis,
                         double readUnits) {
        public Map<Differ.Kind, Long> counts() {
            Map<Differ.Kind, Long> m = new EnumMap<>(Differ.Kind.class);
            for (Differ.Kind k : Differ.Kind.values()) {
                m.put(k, 0L);
            }
            diffs.forEach(d -> m.merge(d.kind(), 1L, Long::sum));
            return m;
        }
    }

    private static final int SETTLE_ROUNDS = 3;
    /**
     * At most this many item keys of compared rows are remembered for the backward pass (about 200 bytes each, at
     * most a quarter of the heap); items of further rows are looked up in MySQL instead, as extra-item candidates
     * always are.
     */
    static final long SEEN_MAX = Runtime.getRuntime().maxMemory() / 4 / 200;
    private static final long SETTLE_PAUSE_MILLIS = 1_000;

    private record Candidate(SqlTable table, ItemKey key, List<Object> pk) {
    }

    private final Stores stores;
    private final Options options;
    private final Stats stats = new Stats();
    private Set<ItemKey> withRows = Set.of();
    private final ItemTable items;
    private final ItemBuilder builder;
    private final Differ differ;

    private Backfill.Progress progress = Backfill.Progress.NONE;
    private Path checkpointDir;
    private boolean extraOnly;
    private CountDownLatch withRowsKnown = new CountDownLatch(0);
    /** The forward pass's BatchGetItem calls, in flight while the next chunk is read (open while a run runs). */
    private CallsInFlight itemReads;

    /**
     * Only the backward pass: the items of mapped entities whose row does not exist in MySQL (what a backfill leaves
     * behind when rows were deleted while DynamoDB was not written). Rows are not compared.
     */
    public Verify extraItemsOnly() {
        this.extraOnly = true;
        return this;
    }

    /**
     * As {@link #extraItemsOnly()}, knowing that the items with these keys have a row (a backfill copies or checks
     * them): they are not looked up in MySQL again. The set may still be filling while the scan runs (a concurrent
     * set); the items it does not hold are looked up only once {@code allKnown} is counted down.
     */
    public Verify extraItemsOnly(Set<ItemKey> itemsWithRows, CountDownLatch allKnown) {
        this.withRows = itemsWithRows;
        this.withRowsKnown = allKnown;
        return extraItemsOnly();
    }

    /**
     * Keeps the forward pass's progress in {@code dir} and resumes from what is there (null: no checkpoints).
     * Delete the directory to start over.
     */
    public Verify checkpoints(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Progress of the forward pass (rows compared). */
    public Verify progress(Backfill.Progress p) {
        this.progress = p;
        return this;
    }

    public Verify(Stores stores, Options options) {
        this.stores = stores;
        this.options = options;
        this.items = new ItemTable(stores.gateway(), stats);
        this.builder = new ItemBuilder(stores.mapping());
        this.differ = new Differ(stores.mapping());
    }

    public Result run() throws SQLException {
        try (Connections conns = new Connections();
             CallsInFlight reads = new CallsInFlight(Math.max(1, options.threads()), "shift-verify-read")) {
            itemReads = reads;
            return run(conns);
        }
    }

    private Result run(Connections conns) throws SQLException {
        long t0 = System.nanoTime();
        List<Candidate> candidates = Collections.synchronizedList(new ArrayList<>());
        LongAdder compared = new LongAdder();
        LongAdder scanned = new LongAdder();
        LongAdder skipped = new LongAdder();
        // item keys of the rows compared (see backward); given, still filling, when only extra items are looked for
        Set<ItemKey> seen = extraOnly ? withRows : ConcurrentHashMap.newKeySet();
        int threads = Math.max(1, options.threads());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "shift-verify");
            th.setDaemon(true);
            return th;
        });
        List<SqlTable> tables;
        try {
            pool.submit(items::warmUp);   // DynamoDB's client gets ready while MySQL is being planned
            Connection c = conns.take();   // plans the run, then goes to the first task that needs one
            tables = stores.tables(c, options.tables());
            List<Future<?>> fs = new ArrayList<>();
            Checkpoints cps = checkpointDir == null ? null : new Checkpoints(checkpointDir, stores.fingerprint());
            Map<SqlTable, Long> counts = new LinkedHashMap<>();
            long total = 0;
            for (SqlTable t : extraOnly ? List.<SqlTable>of() : tables) {   // only the forward pass needs a plan
                counts.put(t, t.count(c));
                total += counts.get(t);
            }
            Map<SqlTable, List<Segment>> plan = new LinkedHashMap<>();
            for (SqlTable t : extraOnly ? List.<SqlTable>of() : tables) {
                List<Segment> segs = cps == null ? null : cps.segments(t.name());
                if (segs == null) {
                    segs = Backfill.split(c, t, counts.get(t), threads, options.chunk());
                    if (cps != null) {
                        cps.saveSegments(t.name(), segs);
                    }
                }
                plan.put(t, segs);
                if (cps != null) {
                    for (Segment s : segs) {
                        compared.add(cps.load(s, t).rows());
                        candidates.addAll(loadCandidates(c, t, s));
                    }
                }
            }
            progress.start(Math.max(total, compared.sum()), compared.sum());
            CountDownLatch forwardDone = extraOnly ? withRowsKnown
                    : new CountDownLatch(plan.values().stream().mapToInt(List::size).sum());
            // the largest segments first, so that the small ones fill the gaps at the end
            List<Map.Entry<SqlTable, Segment>> work = new ArrayList<>();
            plan.forEach((t, segs) -> segs.forEach(s -> work.add(Map.entry(t, s))));
            work.sort(java.util.Comparator.comparingLong(w -> -counts.get(w.getKey()) / plan.get(w.getKey()).size()));
            for (Map.Entry<SqlTable, Segment> w : extraOnly ? List.<Map.Entry<SqlTable, Segment>>of() : work) {
                fs.add(pool.submit(() -> {
                    try {
                        forward(w.getKey(), w.getValue(), candidates, compared, seen, cps, conns);
                    } finally {
                        forwardDone.countDown();
                    }
                    return null;
                }));
            }
            conns.give(c);
            List<List<Candidate>> extras = new ArrayList<>();
            for (int seg = 0; seg < threads; seg++) {
                int segment = seg;
                List<Candidate> out = Collections.synchronizedList(new ArrayList<>());
                extras.add(out);
                fs.add(pool.submit(() -> {
                    backward(tables, segment, threads, out, scanned, skipped, seen, forwardDone, conns);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            extras.forEach(candidates::addAll);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        List<Diff> diffs = settle(recheck(candidates, conns), tables, conns);
        if (checkpointDir != null) {
            Backfill.deleteCheckpoints(checkpointDir);   // done: the next run compares everything again
        }
        return new Result(compared.sum(), scanned.sum(), skipped.sum(), diffs, (System.nanoTime() - t0) / 1_000_000,
                stats.readUnits.sum());
    }

    private void forward(SqlTable t, Segment s, List<Candidate> out, LongAdder compared, Set<ItemKey> seen,
                         Checkpoints cps, Connections conns) throws SQLException {
        Checkpoints.State st = cps == null ? Checkpoints.State.START : cps.load(s, t);
        if (st.done()) {
            return;
        }
        Connection c = conns.take();   // given back only after a segment that went well
        long done = st.rows();
        List<Row> rows = SqlTable.snapshot(c, () -> t.readChunk(c, s, st.after(), options.chunk()));
        while (!rows.isEmpty()) {
            List<ItemKey> keys = new ArrayList<>(rows.size());
            for (Row r : rows) {
                keys.add(builder.key(r));
            }
            // the chunk's items are read while the next chunk is read from MySQL: both stores work at once
            CallsInFlight.Pending<Map<ItemKey, Map<String, AttributeValue>>> reading =
                    itemReads.submitAll(List.of(() -> items.getAll(keys)));
            List<Object> after = rows.get(rows.size() - 1).key();
            boolean last = rows.size() < options.chunk();
            List<Row> ahead = last ? List.of() : SqlTable.snapshot(c, () -> t.readChunk(c, s, after, options.chunk()));
            Map<ItemKey, Map<String, AttributeValue>> got = reading.await().get(0);
            List<Candidate> found = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (differ.compare(rows.get(i), got.get(keys.get(i))) != null) {
                    found.add(new Candidate(t, keys.get(i), rows.get(i).key()));
                }
            }
            if (seen.size() < SEEN_MAX) {
                seen.addAll(keys);   // these items have a row: the backward pass need not look them up
            }
            out.addAll(found);
            compared.add(rows.size());
            progress.advance(rows.size());
            done += rows.size();
            if (cps != null) {
                // differences first, then the checkpoint: a kill in between finds them again (re-check dedups)
                saveCandidates(t, s, found);
                cps.save(s, t, new Checkpoints.State(after, done, last));
            }
            rows = ahead;
        }
        conns.give(c);
    }

    /**
     * One segment of the Scan. Items whose key is in {@code seen} have a row; the others are kept, and once the
     * forward pass is done (it may have compared their rows meanwhile) those still unseen are looked up in MySQL,
     * 500 at a time. A batch that fills up while the forward pass still runs is looked up at once (bounded memory).
     */
    private void backward(List<SqlTable> tables, int segment, int total, List<Candidate> out, LongAdder scanned,
                          LongAdder skipped, Set<ItemKey> seen, CountDownLatch forwardDone,
                          Connections conns) throws SQLException {
        Map<String, SqlTable> byEntity = new LinkedHashMap<>();
        for (SqlTable t : tables) {
            byEntity.put(t.mapping().entity(), t);
        }
        String entityAttr = stores.mapping().entityAttribute();
        String counter = stores.mapping().counterPartition();
        Map<SqlTable, List<Candidate>> pending = new LinkedHashMap<>();
        Connection[] lazy = new Connection[1];   // taken when an item needs a MySQL lookup (often never)
        Lazy c = () -> lazy[0] == null ? (lazy[0] = conns.take()) : lazy[0];
        try {
            items.scan(segment, total, item -> {
                AttributeValue pk = item.get(stores.mapping().partitionKeyAttribute());
                AttributeValue entity = item.get(entityAttr);
                SqlTable t = entity == null ? null : byEntity.get(entity.s());
                if (pk == null || counter.equals(pk.s()) || t == null) {
                    skipped.increment();
                    return;
                }
                scanned.increment();
                ItemKey key = items.keyOf(item);
                if (seen.contains(key)) {
                    return;
                }
                List<Candidate> l = pending.computeIfAbsent(t, k -> new ArrayList<>());
                l.add(new Candidate(t, key, rowKeyOf(t, item)));
                if (l.size() >= 500) {   // the forward pass is behind the scan, or these are extra items
                    l.removeIf(cd -> seen.contains(cd.key()));   // compared meanwhile
                    if (l.size() >= 250) {   // still many: look them up now (memory stays bounded)
                        try {
                            rowsExist(c.get(), t, l, out);
                        } catch (SQLException e) {
                            throw new java.io.UncheckedIOException(new java.io.IOException(e));
                        }
                        l.clear();
                    }
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw (SQLException) e.getCause().getCause();
        }
        try {
            forwardDone.await();   // forward tasks were queued first: they all run (or ran) on other threads
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        for (Map.Entry<SqlTable, List<Candidate>> e : pending.entrySet()) {
            List<Candidate> l = e.getValue();
            l.removeIf(cd -> seen.contains(cd.key()));
            if (!l.isEmpty()) {
                rowsExist(c.get(), e.getKey(), l, out);
            }
        }
        if (lazy[0] != null) {
            conns.give(lazy[0]);
        }
    }

    /** Items among {@code part} whose row does not exist in MySQL, or maps to another item key, go to {@code out}. */
    private void rowsExist(Connection c, SqlTable t, List<Candidate> part, List<Candidate> out) throws SQLException {
        List<List<Object>> keys = new ArrayList<>();
        for (Candidate cd : part) {
            if (cd.pk() != null) {
                keys.add(cd.pk());
            }
        }
        Map<List<Object>, Row> rows = new java.util.HashMap<>();
        if (!keys.isEmpty()) {
            for (Row r : SqlTable.snapshot(c, () -> t.readByKeys(c, keys))) {
                rows.put(r.key(), r);
            }
        }
        for (Candidate cd : part) {
            Row r = cd.pk() == null ? null : rows.get(cd.pk());
            if (r == null || !builder.key(r).equals(cd.key())) {
                out.add(cd);
            }
        }
    }

    @FunctionalInterface
    private interface Lazy {
        Connection get() throws SQLException;
    }

    /**
     * The run's MySQL connections, reused from task to task (opening one costs several round trips): a task
     * takes one and gives it back when it is done; one whose task failed is not reused. All closed at the end.
     */
    private final class Connections implements AutoCloseable {
        private final List<Connection> all = Collections.synchronizedList(new ArrayList<>());
        private final java.util.Deque<Connection> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();

        Connection take() throws SQLException {
            Connection c = idle.poll();
            if (c == null) {
                c = stores.open();
                all.add(c);
            }
            return c;
        }

        void give(Connection c) {
            idle.push(c);
        }

        @Override
        public void close() {
            synchronized (all) {
                for (Connection c : all) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private Path candidatesFile(Segment s) {
        return checkpointDir.resolve(s.id() + ".differences.jsonl");
    }

    /** Appends the MySQL keys of the chunk's differences, one JSON array per line (rendered like checkpoint keys). */
    private void saveCandidates(SqlTable t, Segment s, List<Candidate> found) {
        if (found.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        try {
            for (Candidate cd : found) {
                List<Object> key = new ArrayList<>();
                for (int i = 0; i < cd.pk().size(); i++) {
                    Object v = cd.pk().get(i);
                    key.add(v instanceof Number ? v : t.mapping().column(t.primaryKey().get(i)).render(v));
                }
                b.append(JSON.std.asString(key)).append('\n');
            }
            Files.writeString(candidatesFile(s), b, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write verify checkpoint " + candidatesFile(s), e);
        }
    }

    /** The differences an earlier run found in this segment, as candidates to re-check (rows gone since are left to the scan). */
    private List<Candidate> loadCandidates(Connection c, SqlTable t, Segment s) throws SQLException {
        Path f = candidatesFile(s);
        List<Candidate> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read verify checkpoint " + f, e);
        }
        for (String line : lines) {
            List<Object> raw;
            try {
                raw = JSON.std.listFrom(line);
            } catch (IOException torn) {
                continue;   // a torn last line: that chunk was not checkpointed, so it is compared again
            }
            List<Object> pk = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                pk.add(SqlTable.normaliseKey(t.mapping().column(t.primaryKey().get(i)).coerce(raw.get(i))));
            }
            Row row = SqlTable.snapshot(c, () -> t.readByKey(c, pk));
            if (row != null) {
                out.add(new Candidate(t, builder.key(row), pk));
            }
        }
        return out;
    }

    /** The MySQL primary key an item names (its key columns' attributes), null when it names none. */
    static List<Object> rowKeyOf(SqlTable t, Map<String, AttributeValue> item) {
        List<Object> pk = new ArrayList<>();
        for (String col : t.primaryKey()) {
            ColumnMapping c = t.mapping().column(col);
            Object v;
            try {
                v = c.fromAttribute(item.get(c.attribute()));
            } catch (RuntimeException unreadable) {
                return null;
            }
            if (v == null) {
                return null;
            }
            pk.add(SqlTable.normaliseKey(v));
        }
        return pk;
    }

    /**
     * A live dual write reaches DynamoDB a moment after MySQL committed it. A difference that is still there
     * after the re-check is looked at again after a pause, a few times, before it is reported.
     */
    private List<Diff> settle(List<Diff> diffs, List<SqlTable> tables, Connections conns) throws SQLException {
        for (int round = 0; round < SETTLE_ROUNDS && !diffs.isEmpty(); round++) {
            try {
                Thread.sleep(SETTLE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            List<Candidate> again = new ArrayList<>(diffs.size());
            for (Diff d : diffs) {
                SqlTable table = tables.stream().filter(t -> t.name().equals(d.table())).findFirst().orElseThrow();
                again.add(new Candidate(table, d.itemKey(), d.pk()));
            }
            diffs = recheck(again, conns);
        }
        return diffs;
    }

    private List<Diff> recheck(List<Candidate> candidates, Connections conns) throws SQLException {
        List<Diff> out = new ArrayList<>();
        java.util.Set<ItemKey> seen = new java.util.HashSet<>();
        if (candidates.isEmpty()) {
            return out;
        }
        Connection c = conns.take();
        for (Candidate cd : candidates) {
            if (!seen.add(cd.key())) {
                continue;
            }
            Map<String, AttributeValue> item = items.get(cd.key());
            Row row = cd.pk() == null ? null : SqlTable.snapshot(c, () -> cd.table().readByKey(c, cd.pk()));
            if (row != null && !builder.key(row).equals(cd.key())) {
                row = null;
            }
            Differ.Difference d = differ.compare(row, item);
            if (d != null) {
                out.add(new Diff(d.kind(), cd.table().name(), cd.table().primaryKey(), cd.pk(), cd.key(), d.attributes(), row, item));
            }
        }
        conns.give(c);
        return out;
    }

    // ------------------------------------------------------------------ the diff file

    /** Writes one JSON object per line: kind, table, key, item_key, attributes, mysql, dynamodb. */
    public static void writeDiffs(Path file, List<Diff> diffs, dev.shift.agent.mapping.Mapping mapping) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Diff d : diffs) {
                w.write(JSON.std.asString(toJson(d, mapping)));
                w.newLine();
            }
        }
    }

    /**
     * {@code <diff file>.summary.json}: when the run finished and its counts (the readiness signal an admin
     * panel shows before reads switch to DynamoDB).
     */
    public static Path writeSummary(Path diffFile, Result r) throws IOException {
        Path f = diffFile.resolveSibling(diffFile.getFileName() + ".summary.json");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "verify");
        m.put("finished_at", java.time.Instant.now().toString());
        m.put("millis", r.millis());
        m.put("rows_compared", r.rowsCompared());
        m.put("items_scanned", r.itemsScanned());
        m.put("differences", r.diffs().size());
        r.counts().forEach((k, v) -> m.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        m.put("diff_file", diffFile.toAbsolutePath().toString());
        Files.writeString(f, JSON.std.asString(m));
        return f;
    }

    static Map<String, Object> toJson(Diff d, dev.shift.agent.mapping.Mapping mapping) {
        TableMapping t = mapping.table(d.table());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("table", d.table());
        if (d.pk() != null) {
            Map<String, Object> key = new LinkedHashMap<>();
            List<String> cols = d.keyColumns();
            for (int i = 0; i < cols.size(); i++) {
                key.put(cols.get(i), jsonValue(t.column(cols.get(i)), d.pk().get(i)));
            }
            m.put("key", key);
        } else {
            m.put("key", null);
        }
        Map<String, Object> ik = new LinkedHashMap<>();
        ik.put(mapping.partitionKeyAttribute(), d.itemKey().pk());
        ik.put(mapping.sortKeyAttribute(), d.itemKey().sk());
        m.put("item_key", ik);
        m.put("attributes", d.attributes());
        m.put("mysql", d.row() == null ? null : rowJson(d.row(), mapping));
        m.put("dynamodb", d.item() == null ? null : itemJson(d.item()));
        return m;
    }

    static Object jsonValue(ColumnMapping c, Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        return c.render(v);
    }

    private static Map<String, Object> rowJson(Row r, dev.shift.agent.mapping.Mapping mapping) {
        TableMapping t = mapping.table(r.table());
        Map<String, Object> m = new LinkedHashMap<>();
        r.values().forEach((k, v) -> m.put(k, jsonValue(t.column(k), v)));
        r.children().forEach((child, rows) -> {
            TableMapping ct = mapping.table(child);
            List<Object> l = new ArrayList<>();
            for (Map<String, Object> cr : rows) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cr.forEach((k, v) -> cm.put(k, jsonValue(ct.column(k), v)));
                l.add(cm);
            }
            m.put(child, l);
        });
        return m;
    }

    /** An item as plain JSON: S and N as strings/numbers-as-text, L as lists, M as objects. */
    static Object itemJson(Map<String, AttributeValue> item) {
        Map<String, Object> m = new java.util.TreeMap<>();
        item.forEach((k, v) -> m.put(k, plain(v)));
        return m;
    }

    private static Object plain(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return new java.math.BigDecimal(v.n());
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return null;
        }
        if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.hasM()) {
            return itemJson(v.m());
        }
        return v.toString();
    }
}
