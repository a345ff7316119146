package dev.shift.agent.route;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.outbox.OutboxDrainer;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route stage with real parts: the application's statements through Shift's wrappers on a real
 * MariaDB connection, the router in each phase, and a private DynamoDB-compatible server that a test
 * stops to see that no MySQL-committed change is lost.
 */
class ShiftRouterIT {

    private static final String ADD_TO_CART = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?";

    private static MariaDbServer mysql;
    private static DynamoDbServer dynamo;
    private static DynamoDbClient client;

    private MigrationControl control;
    private ShiftMetrics metrics;
    private Outbox outbox;
    private OutboxDrainer drainer;
    private DynamoGateway gateway;
    private SqlPlanner planner;
    private String database;

    @BeforeAll
    static void servers(@TempDir Path ddbData) {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start(ddbData);
        client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
    }

    @AfterAll
    static void stopServers() {
        client.close();
        dynamo.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        database = "router_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = rawConnection(); Statement st = c.createStatement()) {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
            st.execute("INSERT INTO products VALUES (1, 'Lamp', 19.99, 10), (2, 'Desk', 120.00, 5)");
        }
        planner = new SqlPlanner(Mapping.defaultMapping().withTableName("Router_" + System.nanoTime()));
        gateway = new DynamoGateway(client, planner.mapping());
        gateway.ensureTable();
        metrics = new ShiftMetrics();
        control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        outbox = newOutbox(Duration.ofSeconds(5));
        drainer = newDrainer(outbox);   // not started: the tests drain when they want to
        Interception.install(new ShiftRouter(control, planner, gateway, new IdAllocator(gateway), metrics, drainer));
    }

    @AfterEach
    void tearDown() throws Exception {
        Interception.reset();
        drainer.close();
        if (!dynamo.isRunning()) {
            dynamo.restart();
        }
        mysql.dropDatabase(database);
    }

    @Test
    void dualWriteReachesBothStores() throws Exception {
        try (Connection app = appConnection()) {
            addToCart(app, 7, 1, 2);
            addToCart(app, 7, 1, 3);
        }
        assertEquals(5, mysqlQuantity(7, 1));
        assertEquals("5", item("USER#7", "CART#1").get("quantity").n());
    }

    @Test
    void dynamoDbDownInPhase2LosesNothing() throws Exception {
        dynamo.stop();
        try (Connection app = appConnection()) {
            addToCart(app, 8, 2, 4);   // must not fail: MySQL is authoritative in phase 2
        }
        assertEquals(4, mysqlQuantity(8, 2));
        List<Outbox.Entry> left = outbox.oldest(10);
        assertEquals(1, left.size(), "the change stays in the outbox");
        assertEquals(List.of(new RowScope("shopping_carts", Map.of("user_id", 8L, "product_id", 2L))), left.get(0).scopes());
        assertTrue(metrics.errors(dev.shift.core.metrics.Store.DYNAMODB) >= 1);

        assertTrue(drainer.drainOnce() >= 1, "an entry whose DynamoDB side failed is tried at once");
        assertEquals(1, outbox.oldest(10).get(0).attempts(), "DynamoDB still down: the attempt is counted");

        dynamo.restart();
        assertTrue(drainer.retry(left.get(0).id()), "an operator's retry lands it");
        List<Outbox.Entry> still = outbox.oldest(10);
        assertTrue(still.isEmpty(), "still in the outbox: " + still);
        assertEquals("4", item("USER#8", "CART#2").get("quantity").n());
        assertTrue(outbox.oldest(10).isEmpty());
    }

    @Test
    void aChangeWhoseProcessDiedBeforeDynamoDbIsCopiedByTheNextProcess() throws Exception {
        // The process "dies" between MySQL's commit and its DynamoDB write: the write never happens and the
        // process's own memory (which entry failed) is gone; only the outbox entry, committed first, remains.
        dynamo.stop();
        PendingChanges dying = new PendingChanges() {
            public long record(List<RowScope> scopes) throws SQLException { return drainer.record(scopes); }
            public void settled(long id) { }
            public void unsettled(long id, Exception cause) { }
            public long pending() { return 0; }
        };
        Interception.install(new ShiftRouter(control, planner, gateway, new IdAllocator(gateway), metrics, dying));
        long orderId;
        try (Connection app = appConnection()) {
            orderId = insertOrder(app, 13, new BigDecimal("5.00"));
            addToCart(app, 13, 1, 2);
        }
        dynamo.restart();
        try (OutboxDrainer next = newDrainer(newOutbox(Duration.ZERO))) {
            Thread.sleep(1100);   // past the in-flight second: now they are backlog, what blocks phase 5
            assertEquals(2, next.current().pending(), "the backlog the control plane reads before MySQL stops being written");
            assertEquals(2, next.drainOnce());
            assertEquals(0, next.current().pending(), "read afresh, not the figure of a moment ago");
        }
        assertEquals("5.00", new BigDecimal(orderItem(13, orderId).get("total_amount").n()).setScale(2).toPlainString());
        assertEquals("2", item("USER#13", "CART#1").get("quantity").n());
        assertTrue(outbox.oldest(10).isEmpty());
    }

    @Test
    void resolvingAnEntryTwiceOrForAChangeThatLandedChangesNothing() throws Exception {
        try (Connection app = appConnection()) {
            addToCart(app, 14, 1, 2);   // ADD: replaying the statement would make it 4
        }
        assertEquals("2", item("USER#14", "CART#1").get("quantity").n());
        RowScope cart = new RowScope("shopping_carts", Map.of("user_id", 14L));
        drainer.record(List.of(cart));
        drainer.record(List.of(cart));
        try (OutboxDrainer next = newDrainer(newOutbox(Duration.ZERO))) {
            assertTrue(next.drainOnce() >= 2);   // and the add's own entry, settled but not yet deleted
        }
        assertEquals("2", item("USER#14", "CART#1").get("quantity").n());
        assertEquals(2, mysqlQuantity(14, 1));
    }

    @Test
    void phase4FailsTheRequestAndChangesNothingWhenDynamoDbIsDown() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        dynamo.stop();
        try (Connection app = appConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> addToCart(app, 15, 1, 3));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            assertTrue(app.getAutoCommit(), "the application's autocommit mode is as it was");

            app.setAutoCommit(false);
            insertOrder(app, 15, new BigDecimal("9.00"));   // buffered: DynamoDB is written at COMMIT
            SQLException c = assertThrows(SQLException.class, app::commit);
            assertTrue(c.getMessage().contains("nothing was changed"), c.getMessage());
            app.rollback();
        }
        try (Connection c = rawConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM shopping_carts WHERE user_id = 15) + "
                     + "(SELECT COUNT(*) FROM orders WHERE user_id = 15)")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "MySQL did not take what DynamoDB refused");
        }
    }

    @Test
    void aTransactionCommitsTheWayItsStatementsWereStagedEvenIfThePhaseMovedMeanwhile() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = appConnection()) {
            addToCart(app, 17, 1, 2);
            app.setAutoCommit(false);
            try (PreparedStatement ps = app.prepareStatement(
                    "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?")) {
                ps.setInt(1, 9);
                ps.setLong(2, 17);
                ps.setLong(3, 1);
                assertEquals(1, ps.executeUpdate());   // staged the phase-4 way: DynamoDB first at COMMIT
            }
            client.deleteItem(d -> d.tableName(gateway.tableName()).key(Map.of("PK", AttributeValue.fromS("USER#17"),
                    "SK", AttributeValue.fromS("CART#1"))));   // so DynamoDB refuses the transaction's write
            control.change(Phase.DUAL_READ.flags(), "test");   // an operator moves back to phase 3 meanwhile
            SQLException refused = assertThrows(SQLException.class, app::commit);
            assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
            app.rollback();
        }
        assertEquals(2, mysqlQuantity(17, 1), "committed DynamoDB first, as staged: MySQL rolled back with it");
    }

    @Test
    void phase4WritesBothStoresAndKeepsLastInsertId() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = appConnection()) {
            long id = insertOrder(app, 16, new BigDecimal("3.00"));
            try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                assertEquals(id, rs.getLong(1), "the outbox never changes what LAST_INSERT_ID() says");
            }
            addToCart(app, 16, 2, 1);
            assertEquals("3.00", new BigDecimal(orderItem(16, id).get("total_amount").n()).setScale(2).toPlainString());
        }
        assertEquals(1, mysqlQuantity(16, 2));
        assertEquals("1", item("USER#16", "CART#2").get("quantity").n());
    }

    @Test
    void checkoutTransactionIsOneDynamoDbTransactionAtCommit() throws Exception {
        long orderId;
        try (Connection app = appConnection()) {
            addToCart(app, 9, 1, 2);
            app.setAutoCommit(false);
            orderId = insertOrder(app, 9, new BigDecimal("39.98"));
            try (PreparedStatement ps = app.prepareStatement(
                    "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, orderId);
                ps.setLong(2, 1);
                ps.setInt(3, 2);
                ps.setBigDecimal(4, new BigDecimal("19.99"));
                ps.addBatch();
                ps.executeBatch();
            }
            try (PreparedStatement ps = app.prepareStatement("DELETE FROM shopping_carts WHERE user_id = ?")) {
                ps.setLong(1, 9);
                ps.executeUpdate();
            }
            assertTrue(gateway.read(new dev.shift.agent.item.ReadRequest.Query("USER#9", "ORDER#", true, null)).isEmpty(),
                    "nothing reaches DynamoDB before COMMIT");
            app.commit();
        }
        Map<String, AttributeValue> order = orderItem(9, orderId);
        assertEquals("39.98", new BigDecimal(order.get("total_amount").n()).setScale(2).toPlainString());
        List<AttributeValue> lines = order.get("items").l();
        assertEquals(1, lines.size());
        assertEquals("2", lines.get(0).m().get("quantity").n());
        assertFalse(itemExists("USER#9", "CART#1"), "the cart item went in the same transaction");
    }

    @Test
    void rollbackSendsNothingToDynamoDb() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection app = appConnection()) {
            app.setAutoCommit(false);
            addToCart(app, 10, 1, 1);
            app.rollback();
        }
        assertFalse(itemExists("USER#10", "CART#1"));
    }

    @Test
    void phase5AllocatesIdsAboveMysqlAndWritesNoMysqlRow() throws Exception {
        long mysqlId;
        try (Connection app = appConnection()) {
            mysqlId = insertOrder(app, 11, new BigDecimal("1.00"));
        }
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        long shiftId;
        try (Connection app = appConnection()) {
            shiftId = insertOrder(app, 11, new BigDecimal("2.50"));
        }
        assertTrue(shiftId > mysqlId, "id " + shiftId + " must be above MySQL's " + mysqlId);
        try (Connection c = rawConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "phase 5 writes no order row to MySQL");
        }
        assertEquals("2.5", orderItem(11, shiftId).get("total_amount").n());
    }

    @Test
    void untranslatableStatementGoesToMysqlWhileMysqlIsReadAndFailsOtherwise() throws Exception {
        String odd = "SELECT quantity FROM shopping_carts WHERE user_id = ? OR product_id = ?";
        try (Connection app = appConnection()) {
            addToCart(app, 12, 1, 1);
            try (PreparedStatement ps = app.prepareStatement(odd)) {
                ps.setLong(1, 12);
                ps.setLong(2, 99);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1));
                }
            }
            assertEquals(1, metrics.untranslated());

            control.change(Phase.DYNAMODB_READ.flags(), "test");
            try (PreparedStatement ps = app.prepareStatement(odd)) {
                ps.setLong(1, 12);
                ps.setLong(2, 99);
                SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                assertTrue(e.getMessage().contains("shopping_carts"), e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private Outbox newOutbox(Duration grace) {
        return new Outbox(this::rawConnection, Outbox.DEFAULT_TABLE, 2, grace);
    }

    private OutboxDrainer newDrainer(Outbox box) {
        return new OutboxDrainer(box, new ScopeRepair(new Stores(this::rawConnection, "test", gateway), planner),
                control::flags).copyingLostAnswersAgainAfter(Duration.ofMillis(200));
    }

    private Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }

    /** What the application holds with Shift attached: its driver's connection inside Shift's wrapper. */
    private Connection appConnection() throws SQLException {
        return JdbcWrapping.wrap(rawConnection());
    }

    private static void addToCart(Connection app, long user, long product, int quantity) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(ADD_TO_CART)) {
            ps.setLong(1, user);
            ps.setLong(2, product);
            ps.setInt(3, quantity);
            ps.setTimestamp(4, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            ps.setInt(5, quantity);
            ps.executeUpdate();
        }
    }

    /**
     * A transaction that began writing DynamoDB alone (phase 5) stays so when the phase moves back to 4 before its next
     * statement: MySQL gets none of it now (the reverse sync brings all of it), not its phase-4 part alone — an order's
     * line without its order, which the reverse sync could then never copy (duplicate key).
     */
    @Test
    void aTransactionBegunInPhase5IsNotSplitByAMoveBackToPhase4() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        long order;
        try (Connection app = appConnection()) {
            app.setAutoCommit(false);
            order = insertOrder(app, 7, new BigDecimal("19.99"));
            control.change(Phase.DYNAMODB_READ.flags(), "test: a move back while the transaction is open");
            try (PreparedStatement ps = app.prepareStatement("INSERT INTO order_items (order_id, product_id, quantity, "
                    + "price_at_time) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, order);
                ps.setLong(2, 1);
                ps.setInt(3, 1);
                ps.setBigDecimal(4, new BigDecimal("19.99"));
                assertEquals(1, ps.executeUpdate());
            }
            app.commit();
        }
        String lines = "SELECT COUNT(*) FROM order_items WHERE order_id = ?";
        try (Connection c = rawConnection(); PreparedStatement ps = c.prepareStatement(lines)) {
            ps.setLong(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1), "MySQL got no part of the phase-5 transaction");
            }
        }
        try (Connection app = appConnection(); PreparedStatement ps = app.prepareStatement(lines)) {
            ps.setLong(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "DynamoDB has the order with its line (read in phase 4)");
            }
        }
    }

    private static long insertOrder(Connection app, long user, BigDecimal total) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (PreparedStatement ps = app.prepareStatement("INSERT INTO orders (user_id, total_amount, status, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, user);
            ps.setBigDecimal(2, total);
            ps.setString(3, "pending");
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertTrue(keys.next());
                return keys.getLong(1);
            }
        }
    }

    private int mysqlQuantity(long user, long product) throws SQLException {
        try (Connection c = rawConnection();
             PreparedStatement ps = c.prepareStatement("SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?")) {
            ps.setLong(1, user);
            ps.setLong(2, product);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no MySQL row");
                return rs.getInt(1);
            }
        }
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(gateway.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        assertTrue(item != null && !item.isEmpty(), "no DynamoDB item " + pk + " / " + sk);
        return item;
    }

    private boolean itemExists(String pk, String sk) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(gateway.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        return item != null && !item.isEmpty();
    }

    private Map<String, AttributeValue> orderItem(long user, long orderId) {
        return client.query(q -> q.tableName(gateway.tableName()).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + user),
                                ":sk", AttributeValue.fromS("ORDER#"))))
                .items().stream().filter(i -> i.get("SK").s().endsWith("#" + orderId)).findFirst()
                .orElseThrow(() -> new AssertionError("no ORDER# item for order " + orderId));
    }
}
