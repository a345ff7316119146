package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Phase 1, and Shift's state whenever it could not start: everything runs on MySQL, nothing else happens. */
public final class PassThroughInterceptor implements StatementInterceptor {

    public static final PassThroughInterceptor INSTANCE = new PassThroughInterceptor();

    private PassThroughInterceptor() {
    }

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        return call.onMysql().executeQuery();
    }

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        return call.onMysql().executeUpdate();
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        return call.onMysql().execute();
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        return batch.executeOnMysql();
    }

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        cx.delegate().commit();
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        cx.delegate().rollback();
    }

    @Override
    public void close(ConnectionContext cx) {
        // Nothing is held per connection.
    }

    @Override
    public String toString() {
        return "PassThroughInterceptor";
    }
}
