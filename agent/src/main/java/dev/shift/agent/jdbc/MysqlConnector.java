package dev.shift.agent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Shift's own connections to the application's MySQL database (plain driver connections, never routed):
 * for the outbox, for copying rows' MySQL state into DynamoDB, and for jobs started from the admin port.
 */
@FunctionalInterface
public interface MysqlConnector {

    /** A new connection; the caller closes it. */
    Connection open() throws SQLException;

    /** False while no connection can be opened yet (Shift has not seen how the application connects). */
    default boolean ready() {
        return true;
    }

    /**
     * Where {@link #open} connects now, for pools to tell their connections apart: a connection opened for another
     * target is not reused. Null when it never changes.
     */
    default Object target() {
        return null;
    }

    /** A short description for logs and errors (the JDBC URL without credentials). */
    default String describe() {
        return "the application's MySQL database";
    }
}
