package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.dynamo.CircuitBreaker;
import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.GuardedItemStore;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.outbox.OutboxDrainer;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB hangs (its server SIGSTOPped): the statement path's bounded clients and circuit breaker keep the
 * application's statements from waiting on it. Phase 2: no write fails, each one waits at most a few bounded timeouts
 * before the breaker sends them straight to the outbox, and once DynamoDB is back the outbox makes the stores equal,
 * with every increment applied once. Phase 5: a statement fails fast with a transient error. Real MariaDB and a private
 * DynamoDB-compatible server.
 */
class HungDynamoDbIT {

    private static final String ADD = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
            + "VALUES (?, ?, 1, ?) ON DUPLICATE KEY UPDATE quantity = quantity + 1";
    private static final DynamoClients.Timeouts FAST = new DynamoClients.Timeouts(Duration.ofMillis(500),
            Duration.ofMillis(300), Duration.ofMillis(600));

    private MariaDbServer mysql;
    private DynamoDbServer dynamo;
    private DynamoDbClient admin;
    private String database;
    private MigrationControl control;
    private Outbox outbox;
    private OutboxDrainer drainer;
    private DynamoGateway background;

    @BeforeEach
    void setUp() throws Exception {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();   // our own: this test freezes it
        admin = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
        database = "hung_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        }
        SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping().withTableName("Hung_" + System.nanoTime()));
        background = new DynamoGateway(admin, planner.mapping());
        background.ensureTable();
        // The statement path's clients take credentials from the SDK's default chain.
        System.setProperty("aws.accessKeyId", dynamo.accessKeyId());
        System.setProperty("aws.secretAccessKey", dynamo.secretAccessKey());
        DynamoGateway live = new DynamoGateway(DynamoClients.retrying(dynamo.endpoint(), dynamo.region(), FAST),
                DynamoClients.singleAttempt(dynamo.endpoint(), dynamo.region(), FAST), planner.mapping());
        GuardedItemStore guarded = new GuardedItemStore(live,
                new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(30), System::nanoTime));
        control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        outbox = new Outbox(this::raw, Outbox.DEFAULT_TABLE, 2, Duration.ofSeconds(1));
        drainer = new OutboxDrainer(outbox, new ScopeRepair(new Stores(this::raw, "test", background), planner),
                control::flags).copyingLostAnswersAgainAfter(Duration.ofMillis(200));
        Interception.install(new ShiftRouter(control, planner, guarded, new IdAllocator(live), new ShiftMetrics(),
                drainer));
    }

    @AfterEach
    void tearDown() throws Exception {
        Interception.reset();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        drainer.close();
        admin.close();
        dynamo.close();
        mysql.dropDatabase(database);
    }

    @Test
    void phase2WritesNeverWaitOnAHungDynamoDbAndNothingIsLostOrDoubled() throws Exception {
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 1);   // DynamoDB answering: in both stores
            dynamo.pause();
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                add(app, 1);   // must not fail: MySQL is authoritative in phase 2
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // Three bounded waits (0.6 s each) open the breaker; the other 17 never touch DynamoDB. Without the
            // bound, each write would wait for the SDK's default 30-s socket timeout.
            assertTrue(ms < 10_000, "20 writes took " + ms + " ms while DynamoDB hung");
            try (Statement st = app.createStatement()) {
                st.executeQuery("SELECT * FROM products").close();   // a table that is not migrated: untouched
            }
        }
        dynamo.resume();
        for (int round = 0; round < 50 && !outbox.oldest(1).isEmpty(); round++) {
            drainer.drainOnce();
            Thread.sleep(100);
        }
        assertEquals(List.of(), outbox.oldest(10), "the outbox drained once DynamoDB was back");
        Map<String, AttributeValue> item = admin.getItem(g -> g.tableName(background.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("USER#7"), "SK", AttributeValue.fromS("CART#1")))).item();
        assertEquals("21", item.get("quantity").n(), "21 adds acknowledged, 21 in DynamoDB: none lost, none doubled");
    }

    @Test
    void phase5FailsFastWithATransientErrorWhileDynamoDbHangs() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        dynamo.pause();
        try (Connection app = JdbcWrapping.wrap(raw())) {
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> add(app, 1));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 3_000, "statement " + i + " waited " + ms + " ms");
                assertTrue(e instanceof SQLTransientException || !e.getSQLState().startsWith("08") , e.toString());
            }
            assertTrue(!app.isClosed(), "the connection stays usable");
        } finally {
            dynamo.resume();
        }
    }

    private void add(Connection app, long product) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(ADD)) {
            ps.setLong(1, 7);
            ps.setLong(2, product);
            ps.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
            ps.executeUpdate();
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }
}
