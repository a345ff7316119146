package dev.shift.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.config.AgentOptions;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.route.ShiftRouter;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shift starts in phase 2 while DynamoDB hangs (its server SIGSTOPped): the start does not wait for DynamoDB beyond a
 * few seconds, the router (not pass-through) serves, and a write on a migrated table succeeds in MySQL with its change
 * waiting in the outbox — nothing drifts. Real MariaDB and a private DynamoDB-compatible server, in this JVM.
 */
class StartWithoutDynamoDbIT {

    private DynamoDbServer dynamo;
    private MariaDbServer mysql;
    private String database;

    @AfterEach
    void tearDown() {
        Interception.reset();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (dynamo != null) {
            dynamo.close();
        }
        if (database != null) {
            mysql.dropDatabase(database);
        }
    }

    @Test
    void phase2StartsAndServesWhileDynamoDbHangs(@TempDir Path state) throws Exception {
        mysql = TestServers.mariaDb();
        database = "nostart_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
             Statement st = c.createStatement()) {
            ShopSchema.createMigratedTables(st);
        }
        dynamo = DynamoDbServer.start();
        dynamo.pause();
        System.setProperty("aws.accessKeyId", dynamo.accessKeyId());
        System.setProperty("aws.secretAccessKey", dynamo.secretAccessKey());
        AgentOptions options = AgentOptions.parse("phase=2,dynamodb.endpoint=" + dynamo.endpoint() + ",dynamodb.region="
                + dynamo.region() + ",dynamodb.table=NoStart" + System.nanoTime() + ",admin.port=0,state.dir=" + state
                + ",mysql.url=" + mysql.jdbcUrl(database) + ",mysql.user=" + mysql.user(), new Properties(), Map.of());

        ShiftRuntime runtime = new ShiftRuntime();
        runtime.beforeApplication(options);
        runtime.prepare(options);
        long t0 = System.nanoTime();
        runtime.start(options);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 20_000, "start took " + ms + " ms while DynamoDB hung");
        assertTrue(Interception.current() instanceof ShiftRouter, "the router serves: " + Interception.current());

        try (Connection app = JdbcWrapping.wrap(DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(),
                mysql.password()));
             PreparedStatement ps = app.prepareStatement("INSERT INTO shopping_carts (user_id, product_id, quantity, "
                     + "added_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, 9);
            ps.setLong(2, 1);
            ps.setInt(3, 2);
            ps.setTimestamp(4, Timestamp.valueOf("2026-12-01 10:00:00"));
            long w0 = System.nanoTime();
            assertEquals(1, ps.executeUpdate());
            long wms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w0);
            assertTrue(wms < 5_000, "the write waited " + wms + " ms");
        }
        try (Connection c = DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM shift_outbox")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the change waits in the outbox for DynamoDB");
        }
        dynamo.resume();
    }
}
