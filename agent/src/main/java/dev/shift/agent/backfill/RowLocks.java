package dev.shift.agent.backfill;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Shared row locks taken without waiting. Backfill reads a chunk with them so that no application write can change
 * the chunk's rows (or add children to them) until the chunk's items are in DynamoDB; it never waits for a lock,
 * because a waiting backfill could close a deadlock cycle, and InnoDB would then roll back the lighter transaction:
 * the application's (backfill's holds more locks). A busy row makes the read fail at once; backfill tries again.
 */
final class RowLocks {
    private RowLocks() {
    }

    /** The clause to append to a SELECT: MariaDB (10.3+) and MySQL (8.0+) spell it differently. */
    static String sharedNoWait(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String version = md.getDatabaseProductVersion();
        if (version != null && version.contains("MariaDB")) {
            return " LOCK IN SHARE MODE NOWAIT";
        }
        if (md.getDatabaseMajorVersion() >= 8) {
            return " FOR SHARE NOWAIT";
        }
        throw new SQLException("backfill with live writes needs row locks taken without waiting (NOWAIT), which MySQL "
                + version + " does not have (MySQL 8.0+ or MariaDB 10.3+ do). Run it with --no-live-writes while nothing "
                + "else writes the migrated tables (phase 1 with the application stopped)");
    }

    /** The read failed because a row was locked by another transaction (and nothing was changed). */
    static boolean busy(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == 1205 || s.getErrorCode() == 3572)) {
                return true;   // MariaDB answers NOWAIT with a lock wait timeout; MySQL with ER_LOCK_NOWAIT
            }
        }
        return false;
    }
}
