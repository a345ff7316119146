package dev.shift.agent.route;

import dev.shift.agent.dynamo.DriverDialect;
import dev.shift.agent.dynamo.RowSetResultSet;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.agent.validation.WriteWatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A MySQL read with a shadow (phase 3, both reads on): MySQL answers; its rows are copied (the application gets them
 * through an equivalent ResultSet) and handed with a copy of the parameters to {@link ShadowReads}, which compares
 * DynamoDB's answer off the request path and never fails or delays this request. Inside a transaction, and while
 * the outbox holds changes DynamoDB lacks, nothing is compared.
 */
final class ShadowedRead {

    /** The plain MySQL read being shadowed. */
    interface MysqlRead {
        ResultSet run() throws SQLException;
    }

    private final ShadowReads shadow;
    private final PendingChanges changes;

    ShadowedRead(ShadowReads shadow, PendingChanges changes) {
        this.shadow = shadow;
        this.changes = changes;
    }

    /** True for the statements the shadow samples this time. */
    boolean sampled() {
        return shadow != null && shadow.sampled();
    }

    ResultSet read(StatementCall call, ReadPlan read, MysqlRead mysql, DriverDialect dialect, ResultShapes shapes)
            throws SQLException {
        String skip = shadow.reasonToSkip(read, call.connection().autoCommit());
        if (skip == null && changes.pending() > 0) {
            skip = ShadowReads.BEHIND;   // e.g. after an outage, until the outbox has drained
        }
        if (skip != null) {
            shadow.skip(read, skip);
            return mysql.run();
        }
        List<Object> params = call.parameters().values();
        WriteWatch.Window window = shadow.window(read);
        ResultSet rs = mysql.run();
        if (!ShadowReads.copyable(rs, call.statement())) {
            shadow.skip(read, ShadowReads.RESULT_SHAPE);
            return rs;
        }
        RowSet rows;
        try {
            rows = RowSet.copyOf(rs);
        } catch (SQLException | RuntimeException e) {
            // The rows could not be copied (MySQL failed mid-result, or an odd value): run it again plainly,
            // so the application sees exactly what it would have without Shift.
            closeQuietly(rs);
            shadow.skip(read, ShadowReads.UNREADABLE);
            return mysql.run();
        }
        closeQuietly(rs);
        shadow.submit(read, params, rows, window);
        return new RowSetResultSet(rows, call.statement(), dialect, shapes.of(call.sql()));   // the driver's own metadata
    }

    private static void closeQuietly(ResultSet rs) {
        try {
            rs.close();
        } catch (SQLException | RuntimeException e) {
            // the rows are already copied, or the statement runs again
        }
    }
}
