package dev.shift.testfixtures.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An unchanged application with two databases: its lending library (the migrated tables, MariaDB's driver through
 * HikariCP, pool opened first) and an archive with the same {@code members} table holding other rows (Connector/J
 * through DriverManager, connected last and used between the library's writes). Prints {@code key=value} lines.
 *
 * <p>Usage: {@code TwoDatabasesApp <library jdbc:mariadb url> <archive jdbc:mysql url> <user> <password>}
 */
public final class TwoDatabasesApp {

    private TwoDatabasesApp() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[2]);
        config.setPassword(args[3]);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        try (HikariDataSource library = new HikariDataSource(config);
             Connection archive = DriverManager.getConnection(args[1], args[2], args[3])) {
            update(archive, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-1", "Archived Ada", 9);
            try (Connection c = library.getConnection()) {
                update(c, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-1", "Ada Lovelace", 1);
                update(c, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-2", "Alan Turing", 1);
            }
            update(archive, "UPDATE members SET tier = tier + 10 WHERE member_no = ?", "M-1");
            try (Connection c = library.getConnection()) {
                // Not translated: Shift follows the rows it touched by copying them from MySQL.
                update(c, "UPDATE members SET tier = tier + 1 WHERE full_name LIKE ?", "A%");
                update(c, "DELETE FROM members WHERE member_no = ?", "M-2");
            }
            update(archive, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-2", "Archived Alan", 7);
            // A service keeps running; this one stays until Shift's copies are done (or 30 s).
            long until = System.nanoTime() + 30_000_000_000L;
            long left;
            do {
                Thread.sleep(100);
                left = count(library, "SELECT COUNT(*) FROM shift_outbox");
            } while (left > 0 && System.nanoTime() < until);
            System.out.println("outboxLeft=" + left);
        }
        System.out.println("done=true");
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;   // no outbox table in this database
        }
    }
}
