package dev.shift.agent.route;

import dev.shift.agent.ShopSchema;
import dev.shift.admin.flags.MigrationControl;
import dev.shift.admin.flags.Phase;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.replay.ReplayJournal;
import dev.shift.agent.replay.Replayer;
import dev.shift.agent.sql.SqlPlanner;
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

    @TempDir
    Path state;

    private MigrationControl control;
    private ShiftMetrics metrics;
    private ReplayJournal journal;
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
        journal = ReplayJournal.open(state);
        metrics = new ShiftMetrics();
        control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        Interception.install(new ShiftRouter(control, planner, gateway, new IdAllocator(gateway), metrics, journal));
    }

    @AfterEach
    void tearDown() throws Exception {
        Interception.reset();
        journal.close();
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
        assertEquals(1, journal.pending(), "the DynamoDB side is recorded for replay");
        assertTrue(metrics.errors(dev.shift.admin.metrics.Store.DYNAMODB) >= 1);

        // The record is on disk: a new process would find it.
        try (ReplayJournal reopened = ReplayJournal.open(state)) {
            assertEquals(1, reopened.pending());
        }

        dynamo.restart();
        assertTrue(new Replayer(journal, planner, gateway).replayOldest());
        assertEquals(0, journal.pending());
        assertEquals("4", item("USER#8", "CART#2").get("quantity").n());
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
            assertTrue(gateway.read(new dev.shift.agent.dynamo.ReadRequest.Query("USER#9", "ORDER#", true, null)).isEmpty(),
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
