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
import java.util.List;
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
                // created_at round trip and NOW() in the JVM's zone: Shift derives ORDER# sort keys from it
                s.execute("CREATE TABLE times (id INT PRIMARY KEY, created_at DATETIME(6) NOT NULL)");
                java.time.LocalDateTime when = java.time.LocalDateTime.of(2025, 3, 30, 2, 30, 15, 123456000);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO times VALUES (1, ?)")) {
                    ps.setObject(1, when);
                    ps.executeUpdate();
                }
                try (ResultSet rs = s.executeQuery("SELECT created_at, NOW() FROM times")) {
                    assertTrue(rs.next());
                    assertEquals(when, rs.getObject(1, java.time.LocalDateTime.class));
                    java.time.LocalDateTime now = rs.getObject(2, java.time.LocalDateTime.class);
                    assertTrue(Duration.between(now, java.time.LocalDateTime.now()).abs().toMinutes() < 5,
                            "server NOW() " + now + " is not in the JVM's time zone");
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

    /** Both drivers the agent must handle, on the features Shift relies on (see ReportedVersion for why). */
    @Test
    void bothDriversKeepMillisecondsAndWorkWithTransactionsAndMetadata() throws Exception {
        MariaDbServer server = TestServers.mariaDb();
        server.createDatabase("drivers");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("drivers"), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS cart");
            s.execute("CREATE TABLE cart (id BIGINT AUTO_INCREMENT PRIMARY KEY, added_at DATETIME(3) NOT NULL)");
        }
        for (String url : new String[] {server.jdbcUrl("drivers"), server.mariadbJdbcUrl("drivers")}) {
            try (Connection c = DriverManager.getConnection(url, server.user(), server.password())) {
                String driver = c.getMetaData().getDriverName();
                java.sql.Timestamp millis = java.sql.Timestamp.valueOf("2026-11-26 17:40:00.123");
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cart (added_at) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setTimestamp(1, millis);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertTrue(keys.next(), driver);
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                try (PreparedStatement ps = c.prepareStatement("SELECT added_at FROM cart WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), driver);
                        assertEquals(millis, rs.getTimestamp(1), driver + " lost the milliseconds");
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM cart WHERE id = " + id);
                    c.rollback();
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cart WHERE id = " + id)) {
                        assertTrue(rs.next());
                        assertEquals(1, rs.getInt(1), driver + ": rollback did not undo the delete");
                    }
                }
                c.setReadOnly(true);
                c.setReadOnly(false);
                try (ResultSet cols = c.getMetaData().getColumns("drivers", null, "cart", "%")) {
                    List<String> names = new java.util.ArrayList<>();
                    while (cols.next()) {
                        names.add(cols.getString("COLUMN_NAME"));
                    }
                    assertEquals(List.of("id", "added_at"), names, driver);
                }
                assertTrue(c.getMetaData().getDatabaseProductVersion().contains("MariaDB"), driver);
            }
        }
    }

    @Test
    void extraServerOptionsApplyAndAFailedStartSaysWhy() throws Exception {
        try (MariaDbServer utc = MariaDbServer.start("--default-time-zone=+00:00");
             Connection c = DriverManager.getConnection(utc.jdbcUrl(""), utc.user(), utc.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT @@time_zone")) {
            assertTrue(rs.next());
            assertEquals("+00:00", rs.getString(1));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MariaDbServer.start("--no-such-option-for-shift"));
        assertTrue(e.getMessage().contains("MariaDB exited") && e.getMessage().contains("no-such-option-for-shift"),
                e.getMessage());
    }

    @Test
    void pauseMakesConnectionsTimeOutAndResumeCarriesOn() throws Exception {
        try (MariaDbServer server = MariaDbServer.start()) {
            String url = server.jdbcUrl("") + "?connectTimeout=800&socketTimeout=800";
            try (Connection open = DriverManager.getConnection(url, server.user(), server.password())) {
                server.pause();
                assertThrows(SQLException.class, () -> open.createStatement().executeQuery("SELECT 1"));
                assertThrows(SQLException.class, () -> DriverManager.getConnection(url, server.user(), server.password()));
                server.resume();
            }
            try (Connection again = DriverManager.getConnection(url, server.user(), server.password());
                 ResultSet rs = again.createStatement().executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
            server.pause();
            ProcessHandle process = server.processHandle();
            server.close(); // a paused server must still stop
            assertFalse(process.isAlive());
        }
    }

    @Test
    void stopRefusesConnectionsAndRestartBringsTheDataBackOnTheSamePort() throws Exception {
        try (MariaDbServer server = MariaDbServer.start()) {
            int port = server.port();
            server.createDatabase("durable");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("durable"), server.user(), server.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            server.stop();
            assertFalse(server.isRunning());
            assertFalse(Workdirs.portOpen(port));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    server.jdbcUrl("durable") + "?connectTimeout=1000", server.user(), server.password()));

            server.restart();
            assertEquals(port, server.port());
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("durable"), server.user(), server.password());
                 ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }
}
