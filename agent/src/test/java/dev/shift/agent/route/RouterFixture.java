package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.dynamo.DynamoGateway;
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
import dev.shift.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One application's database and DynamoDB table with Shift's router installed in a phase, on real servers: what the
 * route ITs share. {@link #app()} is a connection as the application holds it (the driver's, inside Shift's wrapper).
 */
final class RouterFixture implements AutoCloseable {

    /** Creates the application's tables. */
    interface Schema {
        void create(Statement st) throws SQLException;
    }

    final MigrationControl control;
    final ShiftMetrics metrics = new ShiftMetrics();
    final SqlPlanner planner;
    final DynamoGateway gateway;
    final Outbox outbox;
    final OutboxDrainer drainer;
    final ShiftRouter router;
    private final MariaDbServer mysql;
    private final String database;
    private final boolean mariadbDriver;
    private final String urlOptions;

    /**
     * @param mariadbDriver the application connects with MariaDB's own driver (else Connector/J)
     */
    RouterFixture(MariaDbServer mysql, DynamoDbClient client, Mapping mapping, Phase phase, boolean mariadbDriver,
            Schema schema) throws SQLException {
        this(mysql, client, mapping, phase, mariadbDriver, "", schema);
    }

    /** @param urlOptions the driver's settings in the application's JDBC URL ({@code tinyInt1isBit=false}), or "" */
    RouterFixture(MariaDbServer mysql, DynamoDbClient client, Mapping mapping, Phase phase, boolean mariadbDriver,
            String urlOptions, Schema schema) throws SQLException {
        this.urlOptions = urlOptions;
        this.mysql = mysql;
        this.mariadbDriver = mariadbDriver;
        this.database = "route_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            schema.create(st);
        }
        planner = new SqlPlanner(mapping.withTableName(mapping.tableName() + "_" + System.nanoTime()));
        gateway = new DynamoGateway(client, planner.mapping());
        gateway.ensureTable();
        control = MigrationControl.startingIn(phase);
        outbox = new Outbox(this::raw, Outbox.DEFAULT_TABLE, 2, Duration.ofSeconds(5));
        drainer = new OutboxDrainer(outbox, new ScopeRepair(new Stores(this::raw, "test", gateway), planner),
                control::flags).copyingLostAnswersAgainAfter(Duration.ofMillis(200));   // not started: tests drain
        router = new ShiftRouter(control, planner, gateway, new IdAllocator(gateway), metrics, drainer);
        Interception.install(router);
    }

    Connection raw() throws SQLException {
        String url = mariadbDriver ? mysql.mariadbJdbcUrl(database) : mysql.jdbcUrl(database);
        return DriverManager.getConnection(url + (urlOptions.isEmpty() ? "" : "?" + urlOptions), mysql.user(),
                mysql.password());
    }

    Connection app() throws SQLException {
        return JdbcWrapping.wrap(raw());
    }

    /** A way to a connection: the application's ({@link #app}) or MySQL's own ({@link #raw}). */
    interface Connections {
        Connection open() throws SQLException;
    }

    /** The rows {@code sql} answers through {@code connections}, each as its values' texts joined by " | ". */
    static List<String> rows(Connections connections, String sql, Object... params) throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = connections.open(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    /**
     * Works through the outbox until it is empty, as its thread would (urgent entries at once, and the second copy of
     * an entry whose write's answer was lost when it is due).
     */
    void drainAll() throws SQLException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!outbox.oldest(1).isEmpty() && System.nanoTime() < until) {
            if (drainer.drainOnce() == 0) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        assertEquals(List.of(), outbox.oldest(10), "the outbox drained");
    }

    @Override
    public void close() throws Exception {
        Interception.reset();
        drainer.close();
        mysql.dropDatabase(database);
    }
}
