package dev.shift.agent.jdbc;

import java.sql.Connection;

/**
 * The entry point the agent's advice calls when a driver or DataSource hands out a connection. Must stay
 * cheap and must never throw: the advice suppresses failures, and a failure here means the application gets
 * its connection unwrapped, i.e. untouched.
 */
public final class JdbcWrapping {

    private JdbcWrapping() {
    }

    /**
     * Shift's wrapper around {@code connection}, or {@code connection} itself when it is null or already
     * Shift's somewhere inside (a pool's proxy around a wrapped connection, a delegating driver's wrapper), so a
     * connection is never intercepted twice.
     */
    public static Connection wrap(Connection connection) {
        if (connection == null || connection instanceof ShiftConnection) {
            return connection;
        }
        if (wrapsShift(connection)) {
            return connection;
        }
        return new ShiftConnection(connection);
    }

    /** True when {@code connection} is Shift's wrapper or a wrapper around it. */
    public static boolean isWrapped(Connection connection) {
        return connection instanceof ShiftConnection || connection != null && wrapsShift(connection);
    }

    private static boolean wrapsShift(Connection connection) {
        try {
            return connection.isWrapperFor(ShiftConnection.class);
        } catch (Exception | LinkageError e) {
            // A wrapper that cannot answer is treated as not wrapping Shift: better one wrap too many than none.
            return false;
        }
    }
}
