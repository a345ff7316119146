package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A batch the application runs with {@code executeBatch()}/{@code executeLargeBatch()}: its entries (each a
 * {@link StatementCall#snapshot() snapshot} with its own SQL and parameters) and a handle that runs the whole
 * batch on MySQL. The entries were also added to the real statement's batch as the application added them, so
 * {@link #executeOnMysql()} costs nothing extra; when the interceptor does not call it, the real batch is
 * cleared afterwards.
 */
public final class BatchCall {

    /** Runs the real statement's batch. */
    @FunctionalInterface
    interface Runner {
        long[] run(boolean large) throws SQLException;
    }

    private final List<StatementCall> statements;
    private final ConnectionContext connection;
    private final Statement statement;
    private final Statement delegate;
    private final boolean large;
    private final Runner runner;
    private boolean ranOnMysql;
    private ResultSet answeredKeys;

    BatchCall(List<StatementCall> statements, ConnectionContext connection, Statement statement,
            Statement delegate, boolean large, Runner runner) {
        this.statements = List.copyOf(statements);
        this.connection = Objects.requireNonNull(connection);
        this.statement = Objects.requireNonNull(statement);
        this.delegate = Objects.requireNonNull(delegate);
        this.large = large;
        this.runner = Objects.requireNonNull(runner);
    }

    /** The entries in the order the application added them. */
    public List<StatementCall> statements() {
        return statements;
    }

    public ConnectionContext connection() {
        return connection;
    }

    /** The statement the application holds. */
    public Statement statement() {
        return statement;
    }

    /** True when the application called {@code executeLargeBatch()}. */
    public boolean isLarge() {
        return large;
    }

    /** Runs the whole batch on the real MySQL statement; once per batch. */
    public long[] executeOnMysql() throws SQLException {
        if (ranOnMysql) {
            throw new SQLException("the batch already ran on MySQL");
        }
        ranOnMysql = true;
        return runner.run(large);
    }

    /** The real statement's generated keys after {@link #executeOnMysql()}. */
    public ResultSet generatedKeysFromMysql() throws SQLException {
        return delegate.getGeneratedKeys();
    }

    public boolean ranOnMysql() {
        return ranOnMysql;
    }

    /** Keys Shift allocated for the batch's inserts, in order. */
    public void answerGeneratedKeys(long... keys) {
        this.answeredKeys = GeneratedKeys.resultSet(connection.delegate(), keys);
    }

    ResultSet answeredKeys() {
        return answeredKeys;
    }

    @Override
    public String toString() {
        return "BatchCall[" + statements.size() + " statements]";
    }
}
