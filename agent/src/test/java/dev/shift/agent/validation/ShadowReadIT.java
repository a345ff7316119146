package dev.shift.agent.validation;

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
import dev.shift.agent.route.ShiftRouter;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.metrics.ValidationReport;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 3 with real parts: the application's SELECTs answered by MariaDB through Shift's wrappers, DynamoDB's
 * answers (a private dynalite) compared in the shadow; a difference planted behind Shift's back is reported
 * with both values while the application still sees MySQL's; a DynamoDB outage costs the application nothing.
 */
class ShadowReadIT {

    private static final String ADD_TO_CART = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?";
    private static final String QUANTITY = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    private static final String BADGE = "SELECT COUNT(*) AS line_count, SUM(quantity) AS item_count FROM shopping_carts WHERE user_id = ?";
    private static final String CART_PAGE = "SELECT c.product_id, c.quantity, c.added_at, p.name, p.price FROM shopping_carts c "
            + "JOIN products p ON p.id = c.product_id WHERE c.user_id = ? ORDER BY c.added_at, c.product_id";
    private static final String HISTORY = "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders "
            + "WHERE user_id = ? ORDER BY created_at DESC LIMIT ?";
    private static final String ORDER_BY_ID = "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE id = ?";

    private static MariaDbServer mysql;
    private static DynamoDbServer dynamo;
    private static DynamoDbClient client;

    private ShiftMetrics metrics;
    private OutboxDrainer drainer;
    private DynamoGateway gateway;
    private ShadowReads shadow;
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
        database = "shadow_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = rawConnection(); Statement st = c.createStatement()) {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
            st.execute("INSERT INTO products VALUES (1, 'Lamp', 19.99, 10), (2, 'Desk', 120.00, 5)");
        }
        SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping().withTableName("Shadow_" + System.nanoTime()));
        gateway = new DynamoGateway(client, planner.mapping());
        gateway.ensureTable();
        metrics = new ShiftMetrics();
        shadow = new ShadowReads(new ValidationSettings(100, 2, 256, 50, Set.of()), gateway, gateway.tableName(), metrics,
                this::rawConnection, java.time.Clock.systemUTC());
        MigrationControl control = MigrationControl.startingIn(Phase.DUAL_READ);
        drainer = new OutboxDrainer(new Outbox(this::rawConnection, Outbox.DEFAULT_TABLE, 2, Duration.ofSeconds(5)),
                new ScopeRepair(new Stores(this::rawConnection, "test", gateway), planner), control::flags);
        Interception.install(new ShiftRouter(control, planner, gateway, new IdAllocator(gateway), metrics, drainer, shadow));
    }

    @AfterEach
    void tearDown() throws Exception {
        Interception.reset();
        shadow.close();
        drainer.close();
        if (!dynamo.isRunning()) {
            dynamo.restart();
        }
        mysql.dropDatabase(database);
    }

    @Test
    void agreeingStoresGiveZeroMismatchesAndAPlantedDifferenceIsReportedWhileTheAppSeesMysql() throws Exception {
        try (Connection app = appConnection()) {
            addToCart(app, 21, 1, 2);
            addToCart(app, 21, 2, 1);
            long orderId = insertOrder(app, 21, new BigDecimal("12.50"));   // DynamoDB keeps 12.5

            assertEquals(List.of("2"), column(app, QUANTITY, 1, 21L, 1L));
            assertEquals(List.of("2"), column(app, BADGE, 1, 21L));
            assertEquals(List.of("3"), column(app, BADGE, 2, 21L));
            assertEquals(List.of("12.50"), column(app, HISTORY, 3, 21L, 10));
            assertEquals(List.of("12.50"), column(app, ORDER_BY_ID, 3, orderId));
            assertEquals(List.of("Lamp", "Desk"), column(app, CART_PAGE, 4, 21L));   // products' side on Shift's connection
            assertTrue(shadow.awaitIdle(Duration.ofSeconds(30)));

            ValidationReport r = shadow.report();
            assertEquals(0, r.mismatches(), () -> "no difference expected: " + r.recent());
            assertEquals(0, r.errors(), () -> "no error expected: " + r.lastError());
            assertEquals(6, r.compared());
            assertEquals(6, r.matched());
            assertEquals(Map.of(), r.skippedByReason());
            assertEquals(new ValidationReport.Counts(4, 0, 0), r.byTable().get("shopping_carts"));
            assertEquals(new ValidationReport.Counts(2, 0, 0), r.byTable().get("orders"));
            assertTrue(metrics.timedReads(Store.DYNAMODB) >= 5, "the shadow reads' latency is recorded for DynamoDB");
            assertTrue(metrics.timedReads(Store.MYSQL) >= 6);

            // Behind Shift's back: the DynamoDB item now says 99.
            client.updateItem(u -> u.tableName(gateway.tableName())
                    .key(Map.of("PK", AttributeValue.fromS("USER#21"), "SK", AttributeValue.fromS("CART#1")))
                    .updateExpression("SET quantity = :q").expressionAttributeValues(Map.of(":q", AttributeValue.fromN("99"))));

            assertEquals(List.of("2"), column(app, QUANTITY, 1, 21L, 1L), "the application sees MySQL's answer");
            assertTrue(shadow.awaitIdle(Duration.ofSeconds(30)));

            ValidationReport after = shadow.report();
            assertEquals(1, after.mismatches());
            assertEquals(7, after.compared());
            assertEquals(new ValidationReport.Counts(5, 1, 0), after.byTable().get("shopping_carts"));
            assertEquals(new ValidationReport.Counts(2, 1, 0), after.byStatement().get(QUANTITY));
            ValidationReport.Mismatch m = after.recent().get(0);
            assertEquals("shopping_carts", m.table());
            assertEquals(QUANTITY, m.sql());
            assertEquals(List.of("21", "1"), m.parameters());
            assertEquals("column quantity: MySQL 2, DynamoDB 99", m.detail());
            assertEquals(List.of(List.of("2")), m.mysql().rows());
            assertEquals(List.of(List.of("99")), m.dynamodb().rows());
            assertTrue(m.key().contains("USER#21") && m.key().contains("CART#1"), m.key());

            // Inside a transaction MySQL may show uncommitted changes DynamoDB cannot see yet: not compared.
            app.setAutoCommit(false);
            addToCart(app, 21, 1, 1);
            assertEquals(List.of("3"), column(app, QUANTITY, 1, 21L, 1L));
            app.rollback();
            app.setAutoCommit(true);
            assertTrue(shadow.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(1L, shadow.report().skippedByReason().get(ShadowReads.TRANSACTION));
            assertEquals(7, shadow.report().compared());
        }
    }

    @Test
    void aScrollableResultIsLeftToTheDriverAndNotCompared() throws Exception {
        try (Connection app = appConnection()) {
            addToCart(app, 23, 1, 2);
            addToCart(app, 23, 2, 5);
            try (PreparedStatement ps = app.prepareStatement("SELECT quantity FROM shopping_carts WHERE user_id = ?",
                    ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
                ps.setLong(1, 23);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.last(), "the driver's own scrollable ResultSet");
                    assertEquals(2, rs.getRow());
                }
            }
            assertTrue(shadow.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(Map.of(ShadowReads.RESULT_SHAPE, 1L), shadow.report().skippedByReason());
            assertEquals(0, shadow.report().compared());
        }
    }

    @Test
    void dynamoDbOutageInPhase3CostsTheApplicationNothing() throws Exception {
        try (Connection app = appConnection()) {
            addToCart(app, 22, 1, 4);
            dynamo.stop();
            long errorsBefore = metrics.errors(Store.DYNAMODB);
            for (int i = 0; i < 3; i++) {
                assertEquals(List.of("4"), column(app, QUANTITY, 1, 22L, 1L));
            }
            assertTrue(shadow.awaitIdle(Duration.ofSeconds(60)));
            ValidationReport r = shadow.report();
            assertEquals(3, r.errors() + r.skipped(), "each read either failed in the shadow or was skipped: " + r);
            assertTrue(r.errors() >= 1);
            assertEquals(0, r.compared());
            assertEquals(0, r.mismatches());
            assertTrue(metrics.errors(Store.DYNAMODB) - errorsBefore >= r.errors(), "DynamoDB errors are counted per store");
            assertTrue(r.lastError() != null && !r.lastError().isBlank());
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }

    private Connection appConnection() throws SQLException {
        return JdbcWrapping.wrap(rawConnection());
    }

    /** Column {@code col} of every row, as text (getBigDecimal for DECIMAL so the scale shows). */
    private static List<String> column(Connection app, String sql, int col, Object... params) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    Object v = rs.getObject(col);
                    out.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
                }
                return out;
            }
        }
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
}
