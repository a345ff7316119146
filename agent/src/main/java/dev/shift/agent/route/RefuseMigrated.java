package dev.shift.agent.route;

import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.PassThroughInterceptor;
import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.SqlPlanner;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What serves statements when Shift could not start and the stored phase reads or writes only DynamoDB: MySQL is then
 * stale (or no longer written), so statements on migrated tables are refused instead of being answered from it;
 * statements on every other table go to MySQL as without Shift. Fails closed, never open.
 */
public final class RefuseMigrated implements StatementInterceptor {

    private final SqlPlanner planner;
    private final String why;

    /** @param planner the mapping's tables; null when even the mapping could not be read: every statement is refused */
    public RefuseMigrated(SqlPlanner planner, String why) {
        this.planner = planner;
        this.why = why;
    }

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        check(call.sql());
        return call.onMysql().executeQuery();
    }

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        check(call.sql());
        return call.onMysql().executeUpdate();
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        check(call.sql());
        return call.onMysql().execute();
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        for (StatementCall entry : batch.statements()) {
            check(entry.sql());
        }
        return batch.executeOnMysql();
    }

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        PassThroughInterceptor.INSTANCE.commit(cx);   // only MySQL was written
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        PassThroughInterceptor.INSTANCE.rollback(cx);
    }

    @Override
    public void close(ConnectionContext cx) {
        PassThroughInterceptor.INSTANCE.close(cx);
    }

    private void check(String sql) throws SQLException {
        if (planner != null && planner.plan(sql) instanceof NotMigrated) {
            return;
        }
        // Transient: the connection is healthy, and the statement succeeds once Shift starts (no pool evicts on it).
        throw ShiftErrors.of(ShiftErrors.Reason.NOT_READY, "Shift could not start and the migration's stored phase does not keep MySQL "
                + "complete, so this statement on a migrated table is refused rather than answered from MySQL; statements "
                + "on other tables work. The application's log says why Shift did not start.");
    }

    @Override
    public String toString() {
        return "refusing statements on migrated tables (" + why + ")";
    }
}
