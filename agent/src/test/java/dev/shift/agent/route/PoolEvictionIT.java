package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shift.agent.ShopSchema;
import dev.shift.agent.dynamo.CircuitBreaker;
import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.GuardedItemStore;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HikariCP in front, as most applications have it: Shift's refusals and a DynamoDB outage in phase 5 make the pool
 * replace no connection (every statement fails with Shift's own error, and the pool keeps its two physical connections).
 */
class PoolEvictionIT {

    private final AtomicInteger physical = new AtomicInteger();
    private MariaDbServer mysql;
    private DynamoDbServer dynamo;
    private String database;
    private HikariDataSource pool;

    @BeforeEach
    void setUp() throws Exception {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();   // our own: this test stops it
        database = "pool_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(new Wrapping());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void tearDown() {
        Interception.reset();
        pool.close();
        dynamo.close();
        mysql.dropDatabase(database);
    }

    @Test
    void refusalsAndADynamoDbOutageInPhase5EvictNoConnection() throws Exception {
        SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping().withTableName("Pool_" + System.nanoTime()));
        System.setProperty("aws.accessKeyId", dynamo.accessKeyId());
        System.setProperty("aws.secretAccessKey", dynamo.secretAccessKey());
        try {
            DynamoClients.Timeouts fast = new DynamoClients.Timeouts(Duration.ofMillis(300), Duration.ofMillis(300),
                    Duration.ofMillis(500));
            DynamoGateway live = new DynamoGateway(DynamoClients.retrying(dynamo.endpoint(), dynamo.region(), fast),
                    DynamoClients.singleAttempt(dynamo.endpoint(), dynamo.region(), fast), planner.mapping());
            new DynamoGateway(DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(),
                    dynamo.secretAccessKey()), planner.mapping()).ensureTable();
            Interception.install(new ShiftRouter(MigrationControl.startingIn(Phase.DYNAMODB_ONLY), planner,
                    new GuardedItemStore(live, new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(30), System::nanoTime)),
                    new IdAllocator(live), new ShiftMetrics(), new RouterTestChanges()));
            awaitPhysical(2);
            for (int i = 0; i < 10; i++) {
                // Shift cannot answer it from DynamoDB: refused with 42000/1235.
                assertThrows(SQLException.class, () -> query("SELECT * FROM orders WHERE status LIKE 'p%'"));
            }
            dynamo.stop();
            for (int i = 0; i < 10; i++) {
                // DynamoDB gone: a transient error, fast once the circuit is open.
                assertThrows(SQLException.class, () -> query("SELECT * FROM shopping_carts WHERE user_id = 3"));
            }
            query("SELECT * FROM products");   // a table Shift does not migrate still works
            assertEquals(2, pool.getHikariPoolMXBean().getTotalConnections());
            assertEquals(2, physical.get(), "no connection was evicted and replaced");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private void query(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeQuery().close();
        }
    }

    private void awaitPhysical(int n) throws InterruptedException {
        for (int i = 0; i < 100 && physical.get() < n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, physical.get());
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }

    /** The application's DataSource with Shift attached: each physical connection is wrapped, and counted. */
    private final class Wrapping implements DataSource {
        public Connection getConnection() throws SQLException {
            physical.incrementAndGet();
            return JdbcWrapping.wrap(raw());
        }
        public Connection getConnection(String u, String p) throws SQLException { return getConnection(); }
        public PrintWriter getLogWriter() { return null; }
        public void setLogWriter(PrintWriter out) { }
        public void setLoginTimeout(int seconds) { }
        public int getLoginTimeout() { return 0; }
        public Logger getParentLogger() { return Logger.getGlobal(); }
        public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        public boolean isWrapperFor(Class<?> iface) { return false; }
    }

    /** Phase 5 records nothing in the outbox; the router needs one all the same. */
    private static final class RouterTestChanges implements PendingChanges {
        public long record(java.util.List<dev.shift.agent.sql.RowScope> scopes) { return 0; }
        public void settled(long id) { }
        public void unsettled(long id, Exception cause) { }
        public long pending() { return 0; }
    }
}
