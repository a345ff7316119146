package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.backfill.SqlTable;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.reverse.ReverseSync;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.flags.Phase;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The way back from phase 5, on real servers: every kind of write the shop makes while MySQL is not written
 * (orders with their lines, in a transaction and alone, status changes, a key column moved, cart upserts, quantity
 * changes, deleted lines, a deleted order line) is recorded, copied into MySQL by the reverse sync, and then both
 * stores agree row for row (verify: 0 differences); MySQL's next order id is above every id Shift handed out, so
 * the first phase-4 order after the way back gets a new id.
 */
class ReverseSyncIT {

    private static final String ADD_TO_CART = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?";
    private static final Timestamp T0 = Timestamp.valueOf("2026-12-01 10:00:00.123");

    private static DynamoDbServer dynamo;
    private static DynamoDbClient client;

    @BeforeAll
    static void servers() {
        dynamo = TestServers.dynamoDb();
        client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    void phase5WritesReachMysqlAndTheWayBackLosesNothing() throws Exception {
        try (RouterFixture shop = new RouterFixture(TestServers.mariaDb(), client, Mapping.defaultMapping(),
                Phase.DYNAMODB_READ, false, ShopSchema::createMigratedTables)) {
            long before;
            long kept;
            try (Connection app = shop.app()) {
                before = order(app, 3, "10.00", List.of(new long[] {1, 1}, new long[] {2, 2}));
                kept = order(app, 3, "5.00", List.of(new long[] {4, 1}));
                addToCart(app, 3, 1, 2);
                addToCart(app, 3, 2, 1);
            }
            shop.control.change(Phase.DYNAMODB_ONLY.flags(), "test");
            ReverseSync sync = reverseSync(shop);
            long created;
            long inTransaction;
            long rolledBack;
            try (Connection app = shop.app()) {
                created = order(app, 3, "30.00", List.of(new long[] {1, 3}, new long[] {5, 1}));
                app.setAutoCommit(false);
                inTransaction = order(app, 4, "8.00", List.of(new long[] {6, 2}));
                app.commit();
                app.setAutoCommit(true);
                update(app, "UPDATE orders SET status = ?, updated_at = ? WHERE id = ?", "SHIPPED", T0, before);
                update(app, "UPDATE orders SET created_at = ? WHERE id = ?", Timestamp.valueOf("2026-12-02 09:00:00.5"), kept);
                update(app, "DELETE FROM order_items WHERE order_id = ? AND product_id = ?", created, 5L);
                addToCart(app, 3, 1, 5);                  // 2 + 5
                addToCart(app, 3, 7, 1);                  // a new line
                update(app, "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?", 9, 3L, 7L);
                update(app, "DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?", 3L, 2L);
                app.setAutoCommit(false);
                rolledBack = order(app, 4, "1.00", List.of());   // an id handed out that no row will ever have
                app.rollback();
                app.setAutoCommit(true);
            }
            assertEquals(0, count(shop, "SELECT COUNT(*) FROM orders WHERE id = " + created), "MySQL is not written in phase 5");
            ReverseBacklog.Summary waiting = sync.current();
            assertTrue(waiting.pending() >= 9, "every phase-5 write is recorded: " + waiting);
            assertFalse(waiting.caughtUp());

            int copied = 0;
            for (int pass = 0; pass < 10; pass++) {
                int n = sync.syncOnce();
                copied += n;
                if (n == 0) {
                    break;
                }
            }
            assertTrue(copied >= 9, "entries copied: " + copied);
            ReverseBacklog.Summary after = sync.current();
            assertTrue(after.caughtUp(), "nothing left behind: " + after);

            Verify.Result v = new Verify(new Stores(shop::raw, "test", shop.gateway), new Verify.Options(null, 1, 50)).run();
            assertEquals(List.of(), v.diffs(), "MySQL holds exactly what DynamoDB holds");
            assertEquals(4, count(shop, "SELECT COUNT(*) FROM orders"));
            assertEquals(7, count(shop, "SELECT quantity FROM shopping_carts WHERE user_id = 3 AND product_id = 1"));
            assertEquals(9, count(shop, "SELECT quantity FROM shopping_carts WHERE user_id = 3 AND product_id = 7"));
            assertEquals(0, count(shop, "SELECT COUNT(*) FROM shopping_carts WHERE product_id = 2"));
            assertEquals(1, count(shop, "SELECT COUNT(*) FROM order_items WHERE order_id = " + created));
            assertEquals(1, count(shop, "SELECT COUNT(*) FROM order_items WHERE order_id = " + inTransaction));
            assertEquals(1, count(shop, "SELECT COUNT(*) FROM orders WHERE id = " + kept
                    + " AND created_at = '2026-12-02 09:00:00.500'"), "a moved key column updates the row, never deletes it");

            long highestShift = Math.max(Math.max(created, inTransaction), rolledBack);
            assertEquals(rolledBack, highestShift);
            try (Connection c = shop.raw()) {
                assertTrue(SqlTable.nextAutoIncrement(c, "orders") > highestShift + ReverseSync.ID_MARGIN,
                        "MySQL's next id is above Shift's " + highestShift + " and the margin (no row has that id)");
            }
            shop.control.change(Phase.DYNAMODB_READ.flags(), "test");
            try (Connection app = shop.app()) {
                long next = order(app, 5, "1.00", List.of(new long[] {1, 1}));
                assertTrue(next > highestShift, "phase 4's first order gets an id Shift never gave: " + next);
            }
            sync.close();
        }
    }

    /**
     * A busy phase 5: more entries than one connection is given, several naming the same item (copied side by side on
     * different connections), and MySQL ends as DynamoDB is.
     */
    @Test
    void aBusyPhase5IsCopiedOnSeveralConnectionsAndEndsEqual() throws Exception {
        try (RouterFixture shop = new RouterFixture(TestServers.mariaDb(), client, Mapping.defaultMapping(),
                Phase.DYNAMODB_ONLY, false, ShopSchema::createMigratedTables)) {
            java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
            Mapping m = shop.planner.mapping();
            ReverseSync sync = new ReverseSync(new ReverseLog(shop.gateway), new RowsFromItems(m, shop.gateway), () -> {
                opened.incrementAndGet();
                return shop.raw();
            }, new IdAllocator(shop.gateway), m, shop.control::state, new DynamoOnlyWrites(), Clock.systemUTC());
            try (Connection app = shop.app()) {
                for (int i = 0; i < 120; i++) {
                    addToCart(app, 6, i % 24, 1);   // 24 lines, each added to 5 times
                }
            }
            int first = sync.syncOnce();
            assertTrue(opened.get() > 1 && opened.get() <= ReverseSync.COPIERS, "a pass of " + first
                    + " entries copies on several connections, at most " + ReverseSync.COPIERS + ": " + opened.get());
            int copied = first;
            for (int n = sync.syncOnce(); n > 0; n = sync.syncOnce()) {
                copied += n;
            }
            assertEquals(120, copied, "every entry copied once");
            assertEquals(24, count(shop, "SELECT COUNT(*) FROM shopping_carts WHERE user_id = 6 AND quantity = 5"));
            Verify.Result v = new Verify(new Stores(shop::raw, "test", shop.gateway), new Verify.Options(null, 1, 50)).run();
            assertEquals(List.of(), v.diffs(), "MySQL holds exactly what DynamoDB holds");
            sync.close();
        }
    }

    @Test
    void reEnteringPhase5AllocatesAboveWhatMysqlHandedOutMeanwhile() throws Exception {
        try (RouterFixture shop = new RouterFixture(TestServers.mariaDb(), client, Mapping.defaultMapping(),
                Phase.DYNAMODB_READ, false, ShopSchema::createMigratedTables)) {
            ReverseSync sync = reverseSync(shop);
            List<Long> ids = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                shop.control.change(Phase.DYNAMODB_ONLY.flags(), "test");
                try (Connection app = shop.app()) {
                    ids.add(order(app, 1, "2.00", List.of()));
                }
                while (sync.syncOnce() > 0) {
                    // copy everything
                }
                sync.syncOnce();
                assertTrue(sync.current().caughtUp(), sync.current().toString());
                shop.control.change(Phase.DYNAMODB_READ.flags(), "test");
                try (Connection app = shop.app()) {
                    ids.add(order(app, 1, "2.00", List.of()));
                }
            }
            assertEquals(ids.size(), ids.stream().distinct().count(), "every order id unique: " + ids);
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), "ids increase across the phases: " + ids);
            }
            sync.close();
        }
    }

    @Test
    void anItemMysqlRefusesWaitsWithItsReasonWithoutHoldingUpTheOthers() throws Exception {
        try (RouterFixture shop = new RouterFixture(TestServers.mariaDb(), client, Mapping.defaultMapping(),
                Phase.DYNAMODB_ONLY, false, ShopSchema::createMigratedTables)) {
            ReverseSync sync = reverseSync(shop);
            long order;
            try (Connection app = shop.app()) {
                order = order(app, 2, "3.00", List.of());
            }
            // Changed behind Shift's back (Shift itself refuses such a value): MySQL's VARCHAR(16) cannot hold it.
            String pk = "USER#2";
            String sk = shop.gateway.read(new dev.shift.agent.item.ReadRequest.Query(pk, "ORDER#", true, null))
                    .get(0).get("SK").s();
            client.updateItem(u -> u.tableName(shop.gateway.tableName()).key(java.util.Map.of(
                    "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk),
                    "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(sk)))
                    .updateExpression("SET #s = :s").expressionAttributeNames(java.util.Map.of("#s", "status"))
                    .expressionAttributeValues(java.util.Map.of(":s",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a-status-far-too-long"))));
            try (Connection app = shop.app()) {
                addToCart(app, 2, 5, 1);
            }
            int refusedPasses = 0;
            for (int pass = 0; pass < 5; pass++) {
                try {
                    sync.syncOnce();
                } catch (java.sql.SQLException onlyTheRefusedOneLeft) {
                    refusedPasses++;   // the thread backs off on such a pass
                }
            }
            assertTrue(refusedPasses >= 3, "passes with nothing but the refused entry fail: " + refusedPasses);
            assertEquals(1, count(shop, "SELECT quantity FROM shopping_carts WHERE user_id = 2 AND product_id = 5"),
                    "the other entry was copied");
            assertEquals(0, count(shop, "SELECT COUNT(*) FROM orders WHERE id = " + order));
            ReverseBacklog.Summary s = sync.current();
            assertEquals(1, s.pending(), s.toString());
            assertTrue(s.lastError().orElse("").contains("Data too long"), s.toString());

            update(shop.app(), "UPDATE orders SET status = ? WHERE id = ?", "ok", order);   // fixed through Shift
            while (sync.syncOnce() > 0) {
                // copy what waits
            }
            assertEquals(1, count(shop, "SELECT COUNT(*) FROM orders WHERE id = " + order + " AND status = 'ok'"));
            assertEquals(0, sync.current().pending());
            sync.close();
        }
    }

    private static ReverseSync reverseSync(RouterFixture shop) {
        Mapping m = shop.planner.mapping();
        return new ReverseSync(new ReverseLog(shop.gateway), new RowsFromItems(m, shop.gateway), shop::raw,
                new IdAllocator(shop.gateway), m, shop.control::state, new DynamoOnlyWrites(), Clock.systemUTC());
    }

    /** An order with its lines ({product, quantity}); returns its id. */
    private static long order(Connection app, long user, String total, List<long[]> lines) throws SQLException {
        long id;
        try (PreparedStatement ps = app.prepareStatement("INSERT INTO orders (user_id, total_amount, status, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, user);
            ps.setBigDecimal(2, new BigDecimal(total));
            ps.setString(3, "PENDING");
            Timestamp now = new Timestamp(System.currentTimeMillis());
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (!lines.isEmpty()) {
            try (PreparedStatement ps = app.prepareStatement(
                    "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)")) {
                for (long[] l : lines) {
                    ps.setLong(1, id);
                    ps.setLong(2, l[0]);
                    ps.setInt(3, (int) l[1]);
                    ps.setBigDecimal(4, new BigDecimal("2.50"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return id;
    }

    private static void addToCart(Connection app, long user, long product, int quantity) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(ADD_TO_CART)) {
            ps.setLong(1, user);
            ps.setLong(2, product);
            ps.setInt(3, quantity);
            ps.setTimestamp(4, T0);
            ps.setInt(5, quantity);
            ps.executeUpdate();
        }
    }

    private static void update(Connection app, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertEquals(1, ps.executeUpdate(), sql);
        }
    }

    private static long count(RouterFixture shop, String sql) throws SQLException {
        try (Connection c = shop.raw(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
