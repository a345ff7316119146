package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Records what reached the interceptor; by default behaves as pass-through, tests override single methods. */
class RecordingInterceptor implements StatementInterceptor {

    final List<String> events = new ArrayList<>();
    final List<StatementCall> calls = new ArrayList<>();
    final List<BatchCall> batches = new ArrayList<>();

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        events.add("executeQuery " + call.sql());
        calls.add(call.snapshot());
        return PassThroughInterceptor.INSTANCE.executeQuery(call);
    }

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        events.add("executeUpdate " + call.sql());
        calls.add(call.snapshot());
        return PassThroughInterceptor.INSTANCE.executeUpdate(call);
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        events.add("execute " + call.sql());
        calls.add(call.snapshot());
        return PassThroughInterceptor.INSTANCE.execute(call);
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        events.add("executeBatch " + batch.statements().size());
        batches.add(batch);
        return PassThroughInterceptor.INSTANCE.executeBatch(batch);
    }

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        events.add("commit");
        PassThroughInterceptor.INSTANCE.commit(cx);
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        events.add("rollback");
        PassThroughInterceptor.INSTANCE.rollback(cx);
    }

    @Override
    public void close(ConnectionContext cx) {
        events.add("close");
    }
}
