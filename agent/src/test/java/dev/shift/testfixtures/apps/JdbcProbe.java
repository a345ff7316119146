package dev.shift.testfixtures.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A stand-in for an unchanged JDBC application, run in a child JVM with (or without) the agent. It knows nothing
 * about Shift except the wrapper's class name, looked up by name. Prints {@code key=value} lines the test reads.
 *
 * <p>Usage: {@code JdbcProbe <source> <jdbc:mysql url> <jdbc:mariadb url> <user> <password>} where source is
 * drivermanager-mysql, drivermanager-mariadb, hikari, mysqldatasource or mariadbdatasource.
 */
public final class JdbcProbe {

    private JdbcProbe() {
    }

    public static void main(String[] args) throws Exception {
        String source = args[0];
        String mysqlUrl = args[1];
        String mariadbUrl = args[2];
        String user = args[3];
        String password = args[4];
        Class<?> shift = shiftConnectionClass();
        switch (source) {
            case "drivermanager-mysql":
                try (Connection c = DriverManager.getConnection(mysqlUrl, user, password)) {
                    report(c, shift);
                    crud(c, "probe_mysql");
                    System.out.println("unwrapJdbcConnection=" + c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
                            .getClass().getName());
                }
                break;
            case "drivermanager-mariadb":
                try (Connection c = DriverManager.getConnection(mariadbUrl, user, password)) {
                    report(c, shift);
                    crud(c, "probe_mariadb");
                    System.out.println("unwrapMariaDb=" + c.unwrap(org.mariadb.jdbc.Connection.class)
                            .getClass().getName());
                }
                break;
            case "hikari":
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(mysqlUrl);
                config.setUsername(user);
                config.setPassword(password);
                config.setMaximumPoolSize(2);
                try (HikariDataSource pool = new HikariDataSource(config)) {
                    for (int i = 0; i < 3; i++) { // borrowed and returned: the pool's rollback/reset path too
                        try (Connection c = pool.getConnection()) {
                            report(c, shift);
                            crud(c, "probe_hikari");
                        }
                    }
                }
                break;
            case "mysqldatasource":
                com.mysql.cj.jdbc.MysqlDataSource mysql = new com.mysql.cj.jdbc.MysqlDataSource();
                mysql.setURL(mysqlUrl);
                try (Connection c = mysql.getConnection(user, password)) {
                    report(c, shift);
                    crud(c, "probe_mysqlds");
                }
                break;
            case "mariadbdatasource":
                org.mariadb.jdbc.MariaDbDataSource mariadb = new org.mariadb.jdbc.MariaDbDataSource(mariadbUrl);
                try (Connection c = mariadb.getConnection(user, password)) {
                    report(c, shift);
                    crud(c, "probe_mariadbds");
                }
                break;
            default:
                throw new IllegalArgumentException("unknown source " + source);
        }
        System.out.println("done=true");
    }

    private static Class<?> shiftConnectionClass() {
        try {
            return Class.forName("dev.shift.agent.jdbc.ShiftConnection");
        } catch (ClassNotFoundException e) {
            return null; // no agent
        }
    }

    private static void report(Connection c, Class<?> shift) throws SQLException {
        System.out.println("class=" + c.getClass().getName());
        System.out.println("wrapped=" + (shift != null && c.isWrapperFor(shift)));
        try (Statement s = c.createStatement()) {
            System.out.println("statementConnectionIsApps=" + (s.getConnection() == c
                    || s.getConnection().getClass() == c.getClass()));
        }
    }

    /** A pass-through round trip: DDL, insert with generated keys, select, update, transaction, delete. */
    private static void crud(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "name VARCHAR(40) NOT NULL, price DECIMAL(10,2), created_at TIMESTAMP(6) NULL)");
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name, price, created_at) "
                + "VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "widget");
            ps.setBigDecimal(2, new java.math.BigDecimal("19.90"));
            ps.setTimestamp(3, java.sql.Timestamp.valueOf("2026-11-26 10:15:30.123456"));
            int count = ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
                System.out.println("insertCount=" + count);
                System.out.println("keyLabel=" + keys.getMetaData().getColumnLabel(1));
                System.out.println("keyTypeName=" + keys.getMetaData().getColumnTypeName(1));
                System.out.println("keyObjectClass=" + keys.getObject(1).getClass().getName());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name, price, created_at FROM " + table
                + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("selected=" + rs.getString(1) + "," + rs.getBigDecimal(2) + ","
                        + rs.getTimestamp(3));
            }
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET price = ? WHERE id = ?")) {
            ps.setBigDecimal(1, new java.math.BigDecimal("1.00"));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        c.rollback();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET price = ? WHERE id = ?")) {
            ps.setBigDecimal(1, new java.math.BigDecimal("2.50"));
            ps.setLong(2, id);
            ps.addBatch();
            ps.executeBatch();
        }
        c.setAutoCommit(true); // commits
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT price FROM " + table
                + " WHERE id = " + id)) {
            rs.next();
            System.out.println("afterTransaction=" + rs.getBigDecimal(1));
        }
        try (Statement s = c.createStatement()) {
            System.out.println("deleted=" + s.executeUpdate("DELETE FROM " + table + " WHERE id = " + id));
        }
    }
}
