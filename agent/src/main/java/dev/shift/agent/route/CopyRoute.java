package dev.shift.agent.route;

import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.sql.CopyPlan;
import dev.shift.agent.sql.CopyPlanner;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.core.metrics.ShiftMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Phases 2-3, writes Shift cannot translate: MySQL runs them, and the rows they touch (found by {@link CopiedWrites}
 * in the write's own transaction) are recorded in the outbox before MySQL commits, so the outbox copies their MySQL
 * state into DynamoDB, deletes included. Under autocommit the write runs in a transaction of Shift's own for that;
 * inside the application's transaction the rows join it, and the whole transaction is copied after COMMIT. Rows that
 * cannot be followed are counted and reported ({@link UnmirroredWrites}).
 */
final class CopyRoute {

    private final CopyPlanner copies;
    private final PendingChanges changes;
    private final ShiftMetrics metrics;
    private final UnmirroredWrites unmirrored;

    CopyRoute(CopyPlanner copies, PendingChanges changes, ShiftMetrics metrics, UnmirroredWrites unmirrored) {
        this.copies = copies;
        this.changes = changes;
        this.metrics = metrics;
        this.unmirrored = unmirrored;
    }

    /** One statement; {@code mysqlWrite} runs it on MySQL. */
    long write(StatementCall call, Untranslatable u, CopiedWrites.Write mysqlWrite) throws SQLException {
        List<Object> params = call.parameters().values();
        CopyPlan plan = copies.plan(call.sql());
        return inTransaction(call.connection(), mysql -> {
            CopiedWrites.Result r = CopiedWrites.around(plan, mysql, params, mysqlWrite);
            return new Done<>(r.count(), followed(r, u));
        });
    }

    /**
     * A JDBC batch holding such writes ({@code untranslated}, by entry): the rows of every entry (found before the
     * batch runs, or named by a translated entry's plan) are recorded; nothing of it is sent to DynamoDB directly.
     */
    long[] batch(BatchCall batch, List<WritePlan> plans, Map<Integer, Untranslatable> untranslated) throws SQLException {
        List<StatementCall> entries = batch.statements();
        return inTransaction(batch.connection(), mysql -> {
            List<RowScope> rows = new ArrayList<>();
            Map<Integer, CopiedWrites.Pending> pending = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                List<Object> params = entries.get(i).parameters().values();
                if (untranslated.containsKey(i)) {
                    pending.put(i, CopiedWrites.before(copies.plan(entries.get(i).sql()), mysql, params, true));
                } else if (plans.get(i) != null) {
                    rows.add(plans.get(i).scope(params, null));
                }
            }
            long[] counts = batch.executeOnMysql();
            for (Map.Entry<Integer, CopiedWrites.Pending> p : pending.entrySet()) {
                int i = p.getKey();
                rows.addAll(followed(CopiedWrites.after(p.getValue(), mysql, entries.get(i).parameters().values(),
                        counts[i]), untranslated.get(i)));
            }
            rows.removeIf(Objects::isNull);
            return new Done<>(counts, rows);
        });
    }

    /** What the MySQL work returned, and the rows to copy. */
    private record Done<T>(T result, List<RowScope> rows) {
    }

    private interface Work<T> {
        Done<T> run(Connection mysql) throws SQLException;
    }

    private <T> T inTransaction(ConnectionContext cx, Work<T> work) throws SQLException {
        Connection mysql = cx.delegate();
        if (!cx.autoCommit()) {
            Done<T> done = work.run(mysql);
            TransactionScopes scopes = cx.attachment(TransactionScopes.class, TransactionScopes::new);
            done.rows().forEach(scopes::add);
            scopes.copyFromMysql();
            return done.result();
        }
        mysql.setAutoCommit(false);
        boolean committed = false;
        try {
            Done<T> done = work.run(mysql);
            long entry = changes.record(done.rows());   // before MySQL commits: what survives a crash from here on
            try {
                mysql.setAutoCommit(true);   // commits: one round trip for the commit and auto-commit's return
            } catch (SQLException e) {
                changes.unsettled(entry, e);
                throw e;
            }
            committed = true;
            changes.unsettled(entry, null);   // copy the rows' MySQL state into DynamoDB now
            return done.result();
        } finally {
            if (!committed) {
                OwnTransaction.abandon(mysql);
            }
        }
    }

    /** The rows a write touched; none, and reported, when they could not be followed. */
    private List<RowScope> followed(CopiedWrites.Result r, Untranslatable u) {
        if (r.rows() != null) {
            return r.rows();
        }
        metrics.unmirroredWrite();
        unmirrored.seen(u, r.reason());
        return List.of();
    }
}
