package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs the intercepted statement on the real MySQL statement, with the same JDBC overload the application
 * used (plain/prepared, generated-keys flags, large update counts).
 */
public interface MysqlExecution {

    ResultSet executeQuery() throws SQLException;

    long executeUpdate() throws SQLException;

    boolean execute() throws SQLException;

    /** The real statement's generated keys, after {@link #executeUpdate()} or {@link #execute()}. */
    ResultSet generatedKeys() throws SQLException;

    /** The real statement (e.g. to read {@code getUpdateCount()} after {@link #execute()}). */
    Statement statement();
}
