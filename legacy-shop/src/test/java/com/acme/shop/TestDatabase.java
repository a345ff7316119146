package com.acme.shop;

import com.zaxxer.hikari.HikariDataSource;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A fresh database on the shared private MariaDB of the testkit, with the shop's schema and seed data.
 * {@link #reset()} brings it back to "just seeded" between tests.
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final MariaDbServer server;
    public final String name;
    public final HikariDataSource dataSource;

    private TestDatabase(MariaDbServer server, String name, HikariDataSource dataSource) {
        this.server = server;
        this.name = name;
        this.dataSource = dataSource;
    }

    /** A new database, schema applied and seeded, reached through Connector/J (jdbc:mysql://). */
    public static TestDatabase create(String prefix) throws SQLException {
        return create(prefix, false, true);
    }

    /**
     * @param mariadbDriver reach it with MariaDB's own driver (jdbc:mariadb://) instead of Connector/J
     * @param seed whether to seed the demo data
     */
    public static TestDatabase create(String prefix, boolean mariadbDriver, boolean seed) throws SQLException {
        MariaDbServer server = TestServers.mariaDb();
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet()).toLowerCase();
        server.dropDatabase(name);
        server.createDatabase(name);
        String url = mariadbDriver ? server.mariadbJdbcUrl(name) : server.jdbcUrl(name);
        HikariDataSource ds = Database.pool(url, server.user(), server.password(), 8);
        Database.initSchema(ds);
        if (seed) {
            Seeder.seed(ds);
        }
        return new TestDatabase(server, name, ds);
    }

    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    /** Back to the seed state: no carts or orders, full stock, only the four seed users. */
    public void reset() throws SQLException {
        update("DELETE FROM shopping_carts");
        update("DELETE FROM order_items");
        update("DELETE FROM orders");
        update("UPDATE products SET inventory = " + Seeder.INVENTORY);
        update("DELETE FROM users WHERE id > 4");
    }

    public int update(String sql, Object... params) throws SQLException {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    public long count(String sql, Object... params) throws SQLException {
        List<List<Object>> rows = rows(sql, params);
        return ((Number) rows.get(0).get(0)).longValue();
    }

    public int inventory(long productId) throws SQLException {
        return (int) count("SELECT inventory FROM products WHERE id = ?", productId);
    }

    public BigDecimal price(long productId) throws SQLException {
        return (BigDecimal) rows("SELECT price FROM products WHERE id = ?", productId).get(0).get(0);
    }

    /** All rows of a query, each as a list of column values (getObject). */
    public List<List<Object>> rows(String sql, Object... params) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int c = 1; c <= n; c++) {
                        row.add(rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** A query's rows as text, one line per row: handy to compare whole tables. */
    public String dump(String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= n; c++) {
                    sb.append(c == 1 ? "" : "|").append(rs.getString(c));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public DataSource ds() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        try {
            server.dropDatabase(name);
        } catch (RuntimeException e) {
            // the shared server may already be going down at JVM exit; nothing to clean then
        }
    }
}
