package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.WritePlan;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Backfill, verify and repair against a real MariaDB and a real DynamoDB-compatible server (dynalite). */
class BackfillTest {
    @TempDir
    Path dir;

    private ShopHistory shop;

    @BeforeEach
    void setUp() throws Exception {
        shop = new ShopHistory();
        try (Connection c = shop.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute(Outbox.createTableSql(Outbox.DEFAULT_TABLE));
        }
    }

    @AfterEach
    void tearDown() {
        shop.close();
    }

    private Backfill.Options options(int threads, int chunk, int crashAfter) {
        return new Backfill.Options(null, threads, chunk, 0, dir.resolve("cp"), false, false, crashAfter);
    }

    private Verify.Result verify() throws SQLException {
        return new Verify(shop.stores(), new Verify.Options(null, 2, 300)).run();
    }

    @Test
    void backfillOfAGeneratedHistoryThenVerifyFindsNoDifference() throws Exception {
        long rows = shop.generate(200, 2_000, 42);
        Backfill.Result r = new Backfill(shop.stores(), options(3, 250, 0), Backfill.Progress.NONE).run();

        assertTrue(r.complete(), r.errors().toString());
        assertEquals(rows, r.stats().rowsRead.sum());
        assertEquals(rows, r.stats().written.sum());
        assertEquals(0, r.stats().held.sum() + r.stats().recopied.sum() + r.stats().failed.sum());
        // the bill: a write unit per item and nothing read before or after the copy (only the scan for orphans reads)
        assertEquals(rows, r.stats().writeUnits.sum(), 0.001, r.stats().summary());
        assertTrue(r.stats().readUnits.sum() < rows / 4.0, r.stats().summary());
        assertEquals(rows, shop.itemCount());
        assertEquals(2_000L, r.idCounters().get("orders.id"));
        assertEquals(2_000L, new IdAllocator(shop.gateway).current("orders", "id"));
        System.out.printf("backfill: %d rows in %d ms = %.0f items/s (3 threads, locked chunks, BatchWriteItem)%n",
                rows, r.millis(), rows * 1000.0 / r.millis());

        Verify.Result v = verify();
        assertEquals(List.of(), v.diffs());
        assertEquals(rows, v.rowsCompared());
        assertEquals(rows, v.itemsScanned());

        // an order item carries its lines as a list of maps, exactly as the live path writes them
        try (Connection c = shop.connect()) {
            Row row = SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0).readByKey(c, List.of(7L));
            Map<String, AttributeValue> item = new ItemTable(shop.gateway, new Stats()).get(new ItemBuilder(shop.mapping).key(row));
            assertEquals(row.children().get("order_items").size(), item.get("items").l().size());
            assertEquals("ORDER#7", item.get("GSI1PK").s());
        }

        // a second run has nothing left to do (checkpoints say done)
        Backfill.Result again = new Backfill(shop.stores(), options(3, 250, 0), Backfill.Progress.NONE).run();
        assertTrue(again.complete());
        assertEquals(0, again.stats().rowsRead.sum());
    }

    @Test
    void rowsDeletedWhileDynamoDbWasNotWrittenLoseTheirItemsOnTheNextBackfill() throws Exception {
        long rows = shop.generate(20, 100, 5);
        assertTrue(new Backfill(shop.stores(), options(2, 50, 0), Backfill.Progress.NONE).run().complete());
        try (Connection c = shop.connect(); java.sql.Statement st = c.createStatement()) {
            // phase 1: the application deletes an order (with its lines) and a cart row, DynamoDB never hears of it
            st.executeUpdate("DELETE FROM order_items WHERE order_id = 9");
            st.executeUpdate("DELETE FROM orders WHERE id = 9");
            assertEquals(1, st.executeUpdate("DELETE FROM shopping_carts ORDER BY user_id, product_id LIMIT 1"));
        }
        assertEquals(2, verify().counts().get(Differ.Kind.EXTRA), "two items have no row any more");

        // The scan for items without a row runs beside the copy: held back here, the copy reads most rows only after
        // the scan has met their items, which must then be found to have a row, not taken for orphans.
        Backfill.Result again = new Backfill(shop.stores(), new Backfill.Options(null, 2, 50, 0, dir.resolve("cp"), false,
                true, 0), Backfill.Progress.NONE).afterRead(chunk -> pause(50)).run();
        assertTrue(again.complete(), again.errors().toString());
        assertEquals(2, again.stats().deleted.sum(), "the items without a row are deleted, and only they");
        assertEquals(rows - 2, shop.itemCount());
        assertEquals(List.of(), verify().diffs());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void fastModeWithBatchWriteItemWhenNothingElseWrites() throws Exception {
        long rows = shop.generate(60, 600, 3);
        Backfill.Result r = new Backfill(shop.stores(),
                new Backfill.Options(null, 2, 200, 0, dir.resolve("fast"), true, false, 0), Backfill.Progress.NONE).run();
        assertTrue(r.complete());
        assertEquals(rows, r.stats().written.sum());
        // Nothing can race the copy: no item is read before or after it, only the orphan pass scans the table.
        assertTrue(r.stats().readUnits.sum() < rows / 4.0, r.stats().summary());
        System.out.printf("backfill --no-live-writes: %d rows in %d ms = %.0f items/s (2 threads, BatchWriteItem, no check)%n",
                rows, r.millis(), rows * 1000.0 / r.millis());
        assertEquals(List.of(), verify().diffs());
    }

    @Test
    void killedBackfillResumesWithNothingLostOrDuplicated() throws Exception {
        long rows = shop.generate(100, 1_000, 7);
        // dies right after writing the 3rd chunk's items, before that chunk is checked and checkpointed
        assertThrows(Backfill.SimulatedCrash.class,
                () -> new Backfill(shop.stores(), options(2, 100, 3), Backfill.Progress.NONE).run());
        long partial = shop.itemCount();
        assertTrue(partial > 0 && partial < rows, "partial copy: " + partial);
        // With two threads the third chunk is some thread's second, so that thread checkpointed its first; which
        // table's segment that was depends on scheduling (a small table is one segment, a big one two).
        assertTrue(Files.list(dir.resolve("cp")).anyMatch(p -> p.getFileName().toString().matches(".+\\.\\d+-of-\\d+\\.json")),
                "segment checkpoints");

        Backfill.Result r = new Backfill(shop.stores(), options(2, 100, 0), Backfill.Progress.NONE).run();
        assertTrue(r.complete(), r.errors().toString());
        assertTrue(r.stats().rowsRead.sum() < rows, "resumed, not restarted: read " + r.stats().rowsRead.sum());
        assertTrue(r.stats().rowsRead.sum() > rows - partial, "the chunk written but not checkpointed is copied again");
        assertEquals(r.stats().rowsRead.sum(), r.stats().written.sum());
        assertEquals(rows, shop.itemCount());
        assertEquals(List.of(), verify().diffs());
    }

    /**
     * A live write as phase 2 makes it under auto-commit: its rows recorded in the outbox, MySQL, then the translated
     * DynamoDB write, then the outbox entry deleted.
     */
    private void live(String sql, Object... params) {
        WritePlan plan = (WritePlan) new SqlPlanner(shop.mapping).plan(sql);
        try {
            long entry = recordInOutbox(plan.scope(List.of(params), null));
            onMysql(sql, params);
            dynamoSideOf(plan, params);
            deleteFromOutbox(entry);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void onMysql(String sql, Object... params) throws SQLException {
        try (Connection c = shop.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private void dynamoSideOf(WritePlan plan, Object... params) throws SQLException {
        new DynamoTransaction(shop.gateway).execute(plan, List.of(params), (t, col) -> {
            throw new SQLException("no ids here");
        });
    }

    private static final java.util.concurrent.atomic.AtomicLong OUTBOX_IDS = new java.util.concurrent.atomic.AtomicLong();

    /** An outbox entry naming these rows, as the agent records it before MySQL commits. */
    private long recordInOutbox(RowScope... scopes) throws SQLException {
        long id = OUTBOX_IDS.incrementAndGet();
        try (Connection c = shop.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + Outbox.DEFAULT_TABLE + " (id, created_at, scopes) VALUES (?, NOW(3), ?)")) {
            ps.setLong(1, id);
            ps.setString(2, Outbox.encode(List.of(scopes)));
            ps.executeUpdate();
        }
        return id;
    }

    private void deleteFromOutbox(long id) throws SQLException {
        try (Connection c = shop.connect(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + Outbox.DEFAULT_TABLE + " WHERE id = " + id);
        }
    }

    /**
     * While a chunk's items are being written, the application changes its rows (phase 2): an order is cancelled, a
     * cart line deleted, another one gets +5 through an upsert. Each write waits for the chunk's shared locks, so it
     * commits after the copy and its DynamoDB write lands on the copied item: nothing is overwritten, counted twice or
     * brought back.
     */
    @Test
    void liveWritesOnAChunksRowsWaitForItsCopyAndLandOnIt() throws Exception {
        shop.generate(20, 200, 11);
        Timestamp now = Timestamp.valueOf(LocalDateTime.now().withNano(123_000_000));
        List<Thread> writers = new ArrayList<>();
        List<String> waited = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean ordersDone = new AtomicBoolean();
        AtomicBoolean cartsDone = new AtomicBoolean();
        Row[] cartLines = new Row[2];
        Backfill b = new Backfill(shop.stores(), options(1, 1_000, 0), Backfill.Progress.NONE).afterRead(rows -> {
            List<Thread> started = new ArrayList<>();
            if (rows.get(0).table().equals("orders") && ordersDone.compareAndSet(false, true)) {
                started.add(writer(() -> live("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? "
                        + "AND status = ?", "cancelled", now, 5L, userOf(5), statusOf(5))));
            }
            if (rows.get(0).table().equals("shopping_carts") && cartsDone.compareAndSet(false, true)) {
                cartLines[0] = rows.get(0);
                cartLines[1] = rows.get(1);
                started.add(writer(() -> live("DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?",
                        cartLines[0].key().get(0), cartLines[0].key().get(1))));
                started.add(writer(() -> live("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
                        + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?",
                        cartLines[1].key().get(0), cartLines[1].key().get(1), 5, now, 5)));
            }
            pause(300);
            started.forEach(t -> waited.add(t.isAlive() ? "waiting" : "done before the copy"));
            writers.addAll(started);
        });
        Backfill.Result r = b.run();
        for (Thread t : writers) {
            t.join(10_000);
        }
        assertTrue(r.complete(), r.errors().toString());
        assertEquals(List.of("waiting", "waiting", "waiting"), waited, "each live write waited for the chunk's copy");

        ItemTable items = new ItemTable(shop.gateway, new Stats());
        ItemBuilder builder = new ItemBuilder(shop.mapping);
        try (Connection c = shop.connect()) {
            List<SqlTable> tables = SqlTable.discover(c, shop.mapping, null);
            SqlTable orders = tables.stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
            SqlTable carts = tables.stream().filter(t -> t.name().equals("shopping_carts")).findFirst().orElseThrow();
            assertEquals("cancelled", items.get(builder.key(orders.readByKey(c, List.of(5L)))).get("status").s());
            assertNull(items.get(builder.key(cartLines[0])), "the deleted line's copy is deleted again");
            Row upserted = carts.readByKey(c, cartLines[1].key());
            assertEquals(((Number) cartLines[1].values().get("quantity")).longValue() + 5,
                    ((Number) upserted.values().get("quantity")).longValue());
            assertEquals(upserted.values().get("quantity").toString(), items.get(builder.key(upserted)).get("quantity").n(),
                    "the live +5 counted once");
        }
        assertEquals(0, r.stats().held.sum() + r.stats().recopied.sum());
        assertEquals(List.of(), verify().diffs());
    }

    /** The cart line at this position in key order. */
    private Row cartLine(int index) throws SQLException {
        try (Connection c = shop.connect()) {
            return SqlTable.discover(c, shop.mapping, Set.of("shopping_carts")).get(0)
                    .readChunk(c, Segment.whole("shopping_carts"), null, index + 1).get(index);
        }
    }

    private static Thread writer(Runnable write) {
        Thread t = new Thread(write, "live-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * A change already committed in MySQL whose DynamoDB side is still on its way when its chunk is read (its outbox
     * entry is there): copied with the chunk, the +5 landing afterwards would count twice. The row is held instead, and
     * copied once the entry is gone; the rows around it are copied with the chunk.
     */
    @Test
    void aRowWhoseLiveChangeIsStillOnItsWayIsCopiedOnceItLanded() throws Exception {
        shop.generate(20, 200, 13);
        Row line = cartLine(2);
        String upsert = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE quantity = quantity + ?";
        Object[] params = {line.key().get(0), line.key().get(1), 5, Timestamp.valueOf(LocalDateTime.now().withNano(0)), 5};
        WritePlan plan = (WritePlan) new SqlPlanner(shop.mapping).plan(upsert);
        long entry = recordInOutbox(plan.scope(List.of(params), null));
        onMysql(upsert, params);   // committed; its DynamoDB write comes 300 ms after the chunk was read
        AtomicBoolean landed = new AtomicBoolean();
        Backfill.Result r = new Backfill(shop.stores(), options(1, 1_000, 0), Backfill.Progress.NONE).afterRead(rows -> {
            if (rows.get(0).table().equals("shopping_carts")) {
                writer(() -> {
                    pause(300);
                    try {
                        dynamoSideOf(plan, params);
                        landed.set(true);
                        deleteFromOutbox(entry);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }).run();
        assertTrue(r.complete(), r.errors().toString());
        assertTrue(landed.get());
        assertEquals(1, r.stats().held.sum(), r.stats().summary());
        assertEquals(0, r.stats().recopied.sum(), "the held row copied under locks again once its change landed");
        assertEquals(r.stats().rowsRead.sum(), r.stats().written.sum(), "every row copied once");
        try (Connection c = shop.connect()) {
            Row now = SqlTable.discover(c, shop.mapping, Set.of("shopping_carts")).get(0).readByKey(c, line.key());
            Map<String, AttributeValue> item = new ItemTable(shop.gateway, new Stats()).get(new ItemBuilder(shop.mapping).key(now));
            assertEquals(now.values().get("quantity").toString(), item.get("quantity").n(), "the +5 counted once");
        }
        assertEquals(List.of(), verify().diffs());
    }

    /**
     * A change whose DynamoDB side never lands (DynamoDB keeps refusing it; the application's drainer will copy its rows
     * from MySQL when it can) keeps its outbox entry: its row is waited for once, for the patience, then copied from
     * MySQL's state with the compare-and-set, and the run completes.
     */
    @Test
    void aRowWhoseLiveChangeNeverLandsIsCopiedAfterThePatience() throws Exception {
        shop.generate(20, 200, 19);
        Row line = cartLine(1);
        recordInOutbox(new RowScope("shopping_carts", Map.of("user_id", line.key().get(0), "product_id", line.key().get(1))));
        onMysql("UPDATE shopping_carts SET quantity = quantity + 7 WHERE user_id = ? AND product_id = ?",
                line.key().get(0), line.key().get(1));
        Backfill.Result r = new Backfill(shop.stores(), options(1, 1_000, 0), Backfill.Progress.NONE)
                .patience(java.time.Duration.ofSeconds(1)).run();
        assertTrue(r.complete(), r.errors().toString());
        assertEquals(1, r.stats().held.sum(), r.stats().summary());
        assertEquals(1, r.stats().recopied.sum(), "copied with the compare-and-set once the wait was over");
        assertEquals(List.of(), verify().diffs());
    }

    /**
     * A row the application has locked (an open transaction changed it) is not waited for while the chunk's other rows
     * are locked: the read fails at once, is tried again, and copies what the transaction committed.
     */
    @Test
    void aRowLockedByTheApplicationIsNotWaitedForAndItsCommittedStateIsCopied() throws Exception {
        shop.generate(10, 50, 17);
        Backfill.Result r;
        try (Connection app = shop.connect()) {
            app.setAutoCommit(false);
            try (java.sql.Statement st = app.createStatement()) {
                assertEquals(1, st.executeUpdate("UPDATE orders SET status = 'shipped' WHERE id = 7"));
            }
            Backfill b = new Backfill(shop.stores(), new Backfill.Options(Set.of("orders"), 1, 1_000, 0, dir.resolve("cp"),
                    false, false, 0), Backfill.Progress.NONE);
            java.util.concurrent.CompletableFuture<Backfill.Result> run = Background.start(b::run);
            assertTrue(Background.eventually(() -> b.stats().lockRetries.sum() >= 2),
                    "the locked chunk is tried again: " + b.stats().summary());
            assertTrue(!run.isDone(), "nothing is copied while the row is locked");
            try (java.sql.Statement st = app.createStatement()) {
                // the application's transaction goes on undisturbed: backfill holds no lock while it is not reading
                assertEquals(1, st.executeUpdate("UPDATE orders SET status = 'delivered' WHERE id = 8"));
            }
            app.commit();
            r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertTrue(r.complete(), r.errors().toString());
        try (Connection c = shop.connect()) {
            SqlTable orders = SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0);
            ItemTable items = new ItemTable(shop.gateway, new Stats());
            ItemBuilder builder = new ItemBuilder(shop.mapping);
            assertEquals("shipped", items.get(builder.key(orders.readByKey(c, List.of(7L)))).get("status").s());
            assertEquals("delivered", items.get(builder.key(orders.readByKey(c, List.of(8L)))).get("status").s());
        }
        assertEquals(List.of(), new Verify(shop.stores(), new Verify.Options(Set.of("orders"), 1, 300)).run().diffs());
    }

    /**
     * Phase 2 under load: while backfill runs, an application thread keeps writing (MySQL first, then the live
     * path's DynamoDB writes): cart upserts (+n), quantity changes, removed lines, cancelled orders and new orders
     * with their lines (one transaction in each store). When both are done, verify finds no difference.
     */
    @Test
    void backfillUnderLiveDualWriteLoadEndsWithNoDifference() throws Exception {
        shop.generate(60, 600, 21);
        shop.gateway.ensureTable();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong ops = new java.util.concurrent.atomic.AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread app = new Thread(() -> {
            java.util.Random r = new java.util.Random(5);
            SqlPlanner planner = new SqlPlanner(shop.mapping);
            while (!stop.get()) {
                try {
                    long user = 1 + r.nextInt(60);
                    long product = 1 + r.nextInt(300);
                    Timestamp now = Timestamp.valueOf(LocalDateTime.now().withNano(r.nextInt(1000) * 1_000_000));
                    switch (r.nextInt(5)) {
                        case 0 -> live("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) "
                                + "ON DUPLICATE KEY UPDATE quantity = quantity + ?", user, product, 2, now, 2);
                        case 1 -> live("UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?", 9, user, product);
                        case 2 -> live("DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?", user, product);
                        case 3 -> {
                            long order = 1 + r.nextInt(600);
                            Object owner = value("SELECT user_id FROM orders WHERE id = " + order);
                            live("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? AND status = ?",
                                    "cancelled", now, order, owner, "pending");
                        }
                        default -> newOrder(planner, user, product, now);
                    }
                    ops.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                    return;
                }
            }
        }, "live-app");
        app.start();
        Backfill.Result r;
        long during;
        try {
            awaitMore(ops, 3, failures);
            long before = ops.get();
            // At most 200 items/s (about 3.5 s), and each chunk holds its locks a little longer than its copy takes:
            // live writes meet locked rows.
            r = new Backfill(shop.stores(), new Backfill.Options(null, 2, 100, 200, dir.resolve("cp"), false, false, 0),
                    Backfill.Progress.NONE).afterRead(rows -> pause(25)).run();
            during = ops.get() - before;
        } finally {
            stop.set(true);
            app.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(r.complete(), r.errors().toString());
        assertTrue(during >= 10, "live writes during the backfill: " + during);
        // The bill, as DynamoDB reports it: at least a write unit per item written
        assertTrue(r.stats().writeUnits.sum() >= r.stats().written.sum(), r.stats().summary());
        System.out.printf("under load: %d live writes during backfill; %s%n", during, r.stats().summary());
        assertEquals(List.of(), verify().diffs());
    }

    private static void awaitMore(java.util.concurrent.atomic.AtomicLong ops, int more, List<Throwable> failures) {
        long target = ops.get() + more;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (ops.get() < target && failures.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Checkout's shape as phase 2 runs it: one MySQL transaction (order + line), its rows recorded in the outbox before it
     * commits, then one DynamoDB transaction with the same writes, then the entry deleted.
     */
    private void newOrder(SqlPlanner planner, long user, long product, Timestamp now) throws SQLException {
        String o1 = "INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
        String o2 = "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)";
        long id;
        long entry;
        try (Connection c = shop.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(o1, java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, user);
                ps.setBigDecimal(2, new BigDecimal("3.50"));
                ps.setString(3, "pending");
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(o2)) {
                ps.setLong(1, id);
                ps.setLong(2, product);
                ps.setInt(3, 1);
                ps.setBigDecimal(4, new BigDecimal("3.50"));
                ps.executeUpdate();
            }
            entry = recordInOutbox(new RowScope("orders", Map.of("id", id)));   // at COMMIT, before MySQL commits
            c.commit();
        }
        DynamoTransaction tx = new DynamoTransaction(shop.gateway);
        tx.setAutoCommit(false);
        tx.execute((WritePlan) planner.plan(o1), List.of(user, new BigDecimal("3.50"), "pending", now, now), (t, col) -> id);
        tx.execute((WritePlan) planner.plan(o2), List.of(id, product, 1, new BigDecimal("3.50")), (t, col) -> id);
        tx.commit();
        deleteFromOutbox(entry);
    }

    /**
     * An item that is not its row's state and has no live change on its way (written by a lost write, or by hand) is
     * replaced by the row's state: under the chunk's locks MySQL's row is the newest there is.
     */
    @Test
    void anItemWithoutALiveChangeOnItsWayIsReplacedByItsRowsState() throws Exception {
        shop.generate(5, 20, 5);
        shop.gateway.ensureTable();
        Row row;
        ItemBuilder builder = new ItemBuilder(shop.mapping);
        try (Connection c = shop.connect()) {
            row = SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0).readByKey(c, List.of(3L));
        }
        Map<String, AttributeValue> stale = new java.util.HashMap<>(builder.item(row, 1L));
        stale.put("status", AttributeValue.fromS("lost-in-transit"));
        ItemTable items = new ItemTable(shop.gateway, new Stats());
        assertTrue(items.putIfAbsent(builder.key(row), stale));

        Backfill.Result r = new Backfill(shop.stores(), options(1, 500, 0), Backfill.Progress.NONE).run();
        assertTrue(r.complete());
        assertEquals(row.values().get("status"), items.get(builder.key(row)).get("status").s());
        assertEquals(List.of(), verify().diffs());
    }

    private long userOf(long order) {
        return (Long) value("SELECT user_id FROM orders WHERE id = " + order);
    }

    private String statusOf(long order) {
        return (String) value("SELECT status FROM orders WHERE id = " + order);
    }

    private Object value(String sql) {
        try (Connection c = shop.connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void plantedDifferencesOfEachKindAreFoundExactlyAndRepaired() throws Exception {
        shop.generate(30, 300, 9);
        assertTrue(new Backfill(shop.stores(), options(2, 100, 0), Backfill.Progress.NONE).run().complete());
        ItemTable items = new ItemTable(shop.gateway, new Stats());
        ItemBuilder builder = new ItemBuilder(shop.mapping);
        Row order10;
        Row order11;
        Row order12;
        Row cart;
        try (Connection c = shop.connect()) {
            List<SqlTable> tables = SqlTable.discover(c, shop.mapping, null);
            SqlTable orders = tables.stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
            SqlTable carts = tables.stream().filter(t -> t.name().equals("shopping_carts")).findFirst().orElseThrow();
            order10 = orders.readByKey(c, List.of(10L));
            order11 = orders.readByKey(c, List.of(11L));
            order12 = orders.readByKey(c, List.of(12L));
            cart = carts.readChunk(c, Segment.whole("shopping_carts"), null, 1).get(0);
        }
        var client = shop.client;
        // missing: order 10's item deleted
        client.deleteItem(d -> d.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order10))));
        // mismatch: order 11's status changed; the cart line's quantity changed
        client.updateItem(u -> u.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order11)))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("lost"))));
        client.updateItem(u -> u.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(cart)))
                .updateExpression("SET quantity = quantity + :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        // NOT a difference: the same DECIMAL with another scale (12.5 vs 12.50), the same lines in another order
        BigDecimal total = (BigDecimal) order12.values().get("total_amount");
        client.updateItem(u -> u.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order12)))
                .updateExpression("SET total_amount = :t").expressionAttributeValues(Map.of(":t",
                        AttributeValue.fromN(total.stripTrailingZeros().toPlainString() + "0000"))));
        // extra: an order whose row does not exist, and an item of a cart line nobody has
        Map<String, Object> ghost = new java.util.LinkedHashMap<>(order10.values());
        ghost.put("id", 99_999L);
        Row ghostRow = new Row("orders", List.of(99_999L), ghost, Map.of("order_items", List.of()));
        items.putIfAbsent(builder.key(ghostRow), builder.item(ghostRow, 1));
        Map<String, Object> ghostCart = new java.util.LinkedHashMap<>(cart.values());
        ghostCart.put("product_id", 777_777L);
        Row ghostCartRow = new Row("shopping_carts", List.of(cart.key().get(0), 777_777L), ghostCart, Map.of());
        items.putIfAbsent(builder.key(ghostCartRow), builder.item(ghostCartRow, 1));

        Verify.Result v = verify();
        Set<String> found = new TreeSet<>();
        for (Verify.Diff d : v.diffs()) {
            found.add(d.kind() + " " + d.table() + " " + d.pk() + " " + d.attributes());
        }
        assertEquals(new TreeSet<>(List.of(
                "MISSING orders [10] []",
                "MISMATCH orders [11] [status]",
                "MISMATCH shopping_carts " + cart.key() + " [quantity]",
                "EXTRA orders [99999] []",
                "EXTRA shopping_carts [" + cart.key().get(0) + ", 777777] []")), found);

        Path diffFile = dir.resolve("diff.jsonl");
        Verify.writeDiffs(diffFile, v.diffs(), shop.mapping);
        List<String> lines = Files.readAllLines(diffFile);
        assertEquals(5, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"kind\":\"mismatch\"") && l.contains("\"key\":{\"id\":11}")
                && l.contains("\"lost\"")), String.join("\n", lines));

        Repair repair = new Repair(shop.stores());
        Repair.Result rr = repair.run(repair.readDiffFile(diffFile));
        assertEquals(5, rr.keys());
        assertEquals(3, rr.stats().recopied.sum());
        assertEquals(2, rr.stats().deleted.sum());
        assertEquals(List.of(), verify().diffs());
        assertNull(items.get(builder.key(ghostRow)));
        assertNotNull(items.get(builder.key(order10)));
    }

    @Test
    void aTablesKeyIsReadInKeyOrderAndATableWithoutOneIsRefusedWithTheReason() throws Exception {
        try (Connection c = shop.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE key_order (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (b, a))");
            st.execute("CREATE TABLE no_key (a INT, v INT)");
            assertEquals(List.of("b", "a"), SqlTable.primaryKey(c, "key_order"));
            assertEquals(List.of("id"), SqlTable.primaryKey(c, "orders"));
            assertEquals(List.of("order_id", "product_id"), SqlTable.primaryKey(c, "order_items"));
            String schema = c.getCatalog();
            assertEquals(List.of("b", "a"), SqlTable.primaryKey(c, schema + ".key_order"));
            for (String t : List.of("no_key", "no_such_table")) {
                SQLException e = assertThrows(SQLException.class, () -> SqlTable.primaryKey(c, t));
                assertTrue(e.getMessage().contains("table " + t + " has no primary key"), e.getMessage());
            }

            // order lines are found by their order through the primary key's first column; once they are not, a locked
            // read of a chunk's lines would lock them all, and backfill says so
            assertEquals(List.of(), SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0).childrenWithoutIndex());
            st.execute("ALTER TABLE order_items DROP PRIMARY KEY, ADD PRIMARY KEY (product_id, order_id)");
            assertEquals(List.of("order_items (order_id)"),
                    SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0).childrenWithoutIndex());
            st.execute("CREATE INDEX order_items_by_order ON order_items (order_id, quantity)");
            assertEquals(List.of(), SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0).childrenWithoutIndex());
        }
    }

    @Test
    void itemKeysAreTheLivePathsKeys() throws Exception {
        Row r = new Row("orders", List.of(7L), new java.util.LinkedHashMap<>(Map.of("id", 7L, "user_id", 3L,
                "total_amount", new BigDecimal("10.50"), "status", "pending",
                "created_at", Timestamp.valueOf("2026-11-26 17:40:00.123"), "updated_at", Timestamp.valueOf("2026-11-26 17:40:00.123"))),
                Map.of("order_items", List.of(Map.of("order_id", 7L, "product_id", 2L, "quantity", 1, "price_at_time", new BigDecimal("10.50")))));
        ItemBuilder b = new ItemBuilder(shop.mapping);
        assertEquals(new ItemKey("USER#3", "ORDER#2026-11-26T17:40:00.123#7"), b.key(r));
        Map<String, AttributeValue> item = b.item(r, 42);
        assertEquals("42", item.get("shift_version").n());
        assertEquals("ORDER", item.get("entity").s());
        assertEquals(List.of(AttributeValue.fromM(Map.of("product_id", AttributeValue.fromN("2"),
                "quantity", AttributeValue.fromN("1"), "price_at_time", AttributeValue.fromN("10.50")))), item.get("items").l());
        assertNull(new Differ(shop.mapping).compare(r, item));
        List<Map<String, Object>> none = new ArrayList<>();
        Row noLines = new Row("orders", r.key(), r.values(), Map.of("order_items", none));
        assertEquals(List.of("items"), new Differ(shop.mapping).compare(noLines, item).attributes());
    }
}
