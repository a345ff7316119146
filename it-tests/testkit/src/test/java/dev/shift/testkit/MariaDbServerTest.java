package dev.shift.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real MariaDB, reached with Connector/J exactly as the shop and the agent reach it. */
class MariaDbServerTest {

    @Test
    void servesJdbcWithGeneratedKeysAndDecimalsThenStopsCleanly() throws Exception {
        MariaDbServer server = MariaDbServer.start();
        Path workDir = server.workDir();
        ProcessHandle process = server.processHandle();
        int port = server.port();
        try {
            assertEquals("root", server.user());
            assertEquals("", server.password());
            assertEquals("jdbc:mysql://127.0.0.1:" + port + "/shop", server.jdbcUrl("shop"));
            server.createDatabase("shop");
            server.createDatabase("shop"); // IF NOT EXISTS

            try (Connection c = DriverManager.getConnection(server.jdbcUrl("shop"), server.user(), server.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "total_amount DECIMAL(10,2) NOT NULL, note VARCHAR(50)) ");
                long first;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO orders (total_amount, note) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setBigDecimal(1, new BigDecimal("12345678.90"));
                    ps.setString(2, "caf\u00e9 \uD83D\uDED2"); // needs utf8mb4
                    assertEquals(1, ps.executeUpdate());
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertTrue(keys.next());
                        first = keys.getLong(1);
                    }
                    ps.setBigDecimal(1, new BigDecimal("0.10"));
                    ps.setString(2, "second");
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertTrue(keys.next());
                        assertEquals(first + 1, keys.getLong(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT total_amount, note FROM orders WHERE id = " + first)) {
                    assertTrue(rs.next());
                    assertEquals(new BigDecimal("12345678.90"), rs.getBigDecimal(1));
                    assertEquals("caf\u00e9 \uD83D\uDED2", rs.getString(2));
                }
                try (ResultSet rs = s.executeQuery("SELECT @@character_set_server, @@log_bin")) {
                    assertTrue(rs.next());
                    assertEquals("utf8mb4", rs.getString(1));
                    assertEquals(0, rs.getInt(2));
                }
            }
        } finally {
            server.close();
        }
        assertFalse(process.isAlive(), "mariadbd still running after close()");
        assertFalse(Workdirs.portOpen(port), "port " + port + " still open after close()");
        assertFalse(Files.exists(workDir), "work dir not deleted: " + workDir);
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + port + "/shop?connectTimeout=1000", "root", ""));
        server.close(); // idempotent
    }

    @Test
    void secondServerOfTheJvmStartsFastFromTheTemplate() {
        long t0 = System.nanoTime();
        try (MariaDbServer a = MariaDbServer.start(); MariaDbServer b = MariaDbServer.start()) {
            assertTrue(a.port() != b.port());
            b.createDatabase("other");
        }
        Duration both = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(both.toSeconds() < 20, "two servers took " + both);
    }

    @Test
    void sharedInstanceIsReused() {
        assertTrue(TestServers.mariaDb() == TestServers.mariaDb());
    }

    @Test
    void jdbcUrlOfAnExternalServerKeepsHostAndParameters() {
        assertEquals("jdbc:mysql://db.example:3307/shop?useSSL=false",
                MariaDbServer.withDatabase("jdbc:mysql://db.example:3307/?useSSL=false", "shop"));
        assertEquals("jdbc:mysql://db.example:3307/shop",
                MariaDbServer.withDatabase("jdbc:mysql://db.example:3307", "shop"));
        assertEquals("jdbc:mysql://db.example/shop?a=b",
                MariaDbServer.withDatabase("jdbc:mysql://db.example/old?a=b", "shop"));
    }

    @Test
    void aConfiguredJdbcUrlIsUsedInsteadOfStartingOne() throws Exception {
        MariaDbServer real = TestServers.mariaDb();
        System.setProperty("shift.mysql.url", "jdbc:mysql://127.0.0.1:" + real.port() + "/?connectTimeout=5000");
        System.setProperty("shift.mysql.user", "root");
        try (MariaDbServer external = MariaDbServer.start()) {
            assertTrue(external.isExternal());
            assertEquals(real.port(), external.port());
            assertEquals("jdbc:mysql://127.0.0.1:" + real.port() + "/ext?connectTimeout=5000", external.jdbcUrl("ext"));
            external.createDatabase("ext");
            try (Connection c = DriverManager.getConnection(external.jdbcUrl("ext"), external.user(), external.password());
                 ResultSet rs = c.createStatement().executeQuery("SELECT DATABASE()")) {
                assertTrue(rs.next());
                assertEquals("ext", rs.getString(1));
            }
        } finally {
            System.clearProperty("shift.mysql.url");
            System.clearProperty("shift.mysql.user");
        }
        assertTrue(real.processHandle().isAlive(), "closing the external handle must not stop the server");
    }
}
