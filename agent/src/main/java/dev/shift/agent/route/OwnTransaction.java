package dev.shift.agent.route;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A MySQL transaction Shift opens on the application's auto-commit connection (to hold a write's row locks until
 * DynamoDB has it, or to record its rows before MySQL commits). It commits by giving the connection its auto-commit
 * back; this is the other way out.
 */
final class OwnTransaction {

    private OwnTransaction() {
    }

    /** Rolls the transaction back and gives the connection its auto-commit back, as the application left it. */
    static void abandon(Connection mysql) throws SQLException {
        rollbackQuietly(mysql);
        mysql.setAutoCommit(true);
    }

    /** Rolls back any transaction on the connection (Shift's own or the application's), whatever state it is in. */
    static void rollbackQuietly(Connection mysql) {
        try {
            mysql.rollback();
        } catch (SQLException | RuntimeException e) {
            // the connection is broken: MySQL rolls the transaction back itself
        }
    }
}
