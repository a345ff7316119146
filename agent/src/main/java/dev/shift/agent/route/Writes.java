package dev.shift.agent.route;

import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.WritePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The write statements of one JDBC call, so that each write mode has one protocol: a single statement is a batch of
 * one. Only what differs between the two shapes lives here: how MySQL runs them, how MySQL's generated ids are
 * learnt, and how Shift's own ids are handed back.
 */
abstract sealed class Writes {

    /** Per entry: its plan, or null when the entry is not written to DynamoDB (a table Shift does not migrate). */
    final List<WritePlan> plans;
    final List<List<Object>> params;

    private Writes(List<WritePlan> plans, List<List<Object>> params) {
        this.plans = plans;
        this.params = params;
    }

    static Writes of(StatementCall call, WritePlan plan) {
        return new Single(call, plan);
    }

    static Writes of(BatchCall batch, List<WritePlan> plans) {
        List<List<Object>> params = new ArrayList<>(plans.size());
        for (StatementCall entry : batch.statements()) {
            params.add(entry.parameters().values());
        }
        return new Batch(batch, plans, params);
    }

    int size() {
        return plans.size();
    }

    abstract ConnectionContext connection();

    /** The one migrated table written, or null (a batch may write several). */
    abstract String table();

    /** The SQL of an entry, for errors. */
    abstract String sql(int entry);

    /** Runs the statements on MySQL: the update count of each. */
    abstract long[] runOnMysql() throws SQLException;

    /** After {@link #runOnMysql}: per entry, the id MySQL generated when the entry left it to MySQL, else null. */
    abstract Long[] generatedIds() throws SQLException;

    /** The ids Shift gave (MySQL not written), for {@code getGeneratedKeys()}. */
    abstract void answerGeneratedKeys(long[] keys);

    /** The rows the entries may change, for the outbox; {@code ids} MySQL's generated ids, or null before it ran. */
    List<RowScope> scopes(Long[] ids) throws SQLException {
        List<RowScope> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            RowScope scope = plans.get(i) == null ? null : plans.get(i).scope(params.get(i), ids == null ? null : ids[i]);
            if (scope != null) {
                out.add(scope);
            }
        }
        return out;
    }

    private static final class Single extends Writes {
        private final StatementCall call;

        Single(StatementCall call, WritePlan plan) {
            super(List.of(plan), List.of(call.parameters().values()));
            this.call = call;
        }

        @Override
        ConnectionContext connection() {
            return call.connection();
        }

        @Override
        String table() {
            return plans.get(0).table();
        }

        @Override
        String sql(int entry) {
            return call.sql();
        }

        @Override
        long[] runOnMysql() throws SQLException {
            return new long[] {call.onMysql().executeUpdate()};
        }

        /** MySQL's LAST_INSERT_ID(), which needs no RETURN_GENERATED_KEYS from the application. */
        @Override
        Long[] generatedIds() throws SQLException {
            boolean generates = plans.get(0).generatedColumn().isPresent();
            return new Long[] {generates ? CopiedWrites.lastInsertId(call.connection().delegate()) : null};
        }

        @Override
        void answerGeneratedKeys(long[] keys) {
            call.answerGeneratedKeys(keys);
        }
    }

    private static final class Batch extends Writes {
        private final BatchCall batch;

        Batch(BatchCall batch, List<WritePlan> plans, List<List<Object>> params) {
            super(plans, params);
            this.batch = batch;
        }

        @Override
        ConnectionContext connection() {
            return batch.connection();
        }

        @Override
        String table() {
            return null;
        }

        @Override
        String sql(int entry) {
            return batch.statements().get(entry).sql();
        }

        @Override
        long[] runOnMysql() throws SQLException {
            return batch.executeOnMysql();
        }

        /** The batch's generated keys, in order, one per entry that left its id to MySQL. */
        @Override
        Long[] generatedIds() throws SQLException {
            Long[] ids = new Long[size()];
            if (plans.stream().noneMatch(p -> p != null && p.generatedColumn().isPresent())) {
                return ids;
            }
            try (ResultSet rs = batch.generatedKeysFromMysql()) {
                for (int i = 0; i < size(); i++) {
                    WritePlan p = plans.get(i);
                    if (p != null && p.generatedColumn().isPresent()) {
                        if (!rs.next()) {
                            throw new SQLException("Shift: MySQL returned fewer generated keys than the batch inserted "
                                    + "rows; prepare the statement with Statement.RETURN_GENERATED_KEYS", "HY000");
                        }
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            return ids;
        }

        @Override
        void answerGeneratedKeys(long[] keys) {
            batch.answerGeneratedKeys(keys);
        }
    }
}
