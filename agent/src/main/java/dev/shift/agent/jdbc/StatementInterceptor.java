package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * Decides where each statement an application runs is served: the one seam between Shift's JDBC wrappers and
 * its router. Every execute path of the wrappers ({@code executeQuery}, {@code executeUpdate},
 * {@code executeLargeUpdate}, {@code execute}, batches, for plain, prepared and callable statements) and every
 * transaction boundary comes through here; the installed instance is read from {@link Interception} once per
 * call.
 *
 * <p>Contract:
 * <ul>
 *   <li>To let MySQL serve a statement, call {@code call.onMysql()} (and return what it returns). The wrapper
 *       then serves the statement's follow-up calls ({@code getResultSet}, {@code getMoreResults},
 *       {@code getGeneratedKeys}, …) from the real statement.</li>
 *   <li>To serve it elsewhere, return the result, and for {@link #execute} say which result the statement now
 *       has with {@link StatementCall#answer(ResultSet)} / {@link StatementCall#answerUpdateCount(long)}. Ids
 *       that did not come from MySQL are handed back with {@link StatementCall#answerGeneratedKeys(long...)}.</li>
 *   <li>A {@link StatementCall} is reused by its statement for the next execution: copy what must outlive the
 *       call ({@link StatementCall#sql()} is immutable, {@link Parameters#copy()}).</li>
 *   <li>{@code commit}/{@code rollback} must end the transaction on the delegate too
 *       ({@code cx.delegate().commit()}); {@link #close} is a notification, the wrapper closes the delegate
 *       afterwards whatever happens.</li>
 *   <li>Throw {@link SQLException} for errors the application should see; anything else thrown is wrapped
 *       into one by the wrapper.</li>
 * </ul>
 */
public interface StatementInterceptor {

    ResultSet executeQuery(StatementCall call) throws SQLException;

    /** The update count; generated keys are available through {@code call.onMysql().generatedKeys()}. */
    long executeUpdate(StatementCall call) throws SQLException;

    /** As {@link java.sql.Statement#execute}: true when the first result is a ResultSet. */
    boolean execute(StatementCall call) throws SQLException;

    /** As {@link java.sql.Statement#executeLargeBatch}: one update count per entry, in order. */
    long[] executeBatch(BatchCall batch) throws SQLException;

    /**
     * The application commits, or ends a transaction with {@code setAutoCommit(true)} (which commits, per the
     * JDBC spec).
     */
    void commit(ConnectionContext cx) throws SQLException;

    void rollback(ConnectionContext cx) throws SQLException;

    /** Partial rollback; by default only MySQL knows savepoints. */
    default void rollback(ConnectionContext cx, Savepoint savepoint) throws SQLException {
        cx.delegate().rollback(savepoint);
    }

    /**
     * The application closed the connection (a pool closes its physical connections; on return-to-pool it calls
     * rollback/setAutoCommit instead). Must not throw: release per-connection state here.
     */
    void close(ConnectionContext cx);
}
