package dev.shift.agent.route;

import dev.shift.admin.flags.Flags;
import dev.shift.admin.flags.MigrationControl;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.admin.metrics.Store;
import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.ItemStore;
import dev.shift.agent.dynamo.RowSet;
import dev.shift.agent.dynamo.RowSetResultSet;
import dev.shift.agent.dynamo.WriteOutcome;
import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.replay.RecordedStatement;
import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.agent.validation.WriteWatch;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The route stage: for each statement, the flags in force (one snapshot) and the statement's plan decide
 * which store answers and which stores are written.
 *
 * <ul>
 *   <li>Reads: MySQL while READ_MYSQL is on (phases 1-3), otherwise DynamoDB (phases 4-5). With both reads on
 *       (phase 3) MySQL's answer goes to the application unchanged (copied into a {@link RowSet}) and
 *       {@link ShadowReads} compares DynamoDB's answer with it off the request path.</li>
 *   <li>Writes: MySQL first while WRITE_MYSQL is on — it is authoritative, its answer goes to the
 *       application, and a DynamoDB write that fails afterwards is recorded in the {@link DivergenceLog}
 *       instead of failing the request. With WRITE_MYSQL off (phase 5) DynamoDB alone is written and its
 *       errors are the application's errors.</li>
 *   <li>Transactions: DynamoDB writes wait in the connection's {@link DynamoTransaction} until COMMIT.</li>
 *   <li>Statements Shift cannot translate go to MySQL (counted, logged) while MySQL is read; otherwise they
 *       fail with an SQLException naming the statement and the reason.</li>
 * </ul>
 */
public final class ShiftRouter implements StatementInterceptor {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.route");

    private final MigrationControl control;
    private final SqlPlanner planner;
    private final ItemStore store;
    private final IdCounters ids;
    private final ShiftMetrics metrics;
    private final DivergenceLog divergences;
    private final UntranslatedLog untranslated = new UntranslatedLog();
    private final ShadowReads shadow;

    /** A router without shadow reads: with both reads on, MySQL alone answers and nothing is compared. */
    public ShiftRouter(MigrationControl control, SqlPlanner planner, ItemStore store, IdAllocator allocator,
            ShiftMetrics metrics, DivergenceLog divergences) {
        this(control, planner, store, allocator, metrics, divergences, null);
    }

    /** @param shadow compares DynamoDB's answers with MySQL's while both reads are on (null: none) */
    public ShiftRouter(MigrationControl control, SqlPlanner planner, ItemStore store, IdAllocator allocator,
            ShiftMetrics metrics, DivergenceLog divergences, ShadowReads shadow) {
        this.shadow = shadow;
        this.control = Objects.requireNonNull(control);
        this.planner = Objects.requireNonNull(planner);
        this.store = Objects.requireNonNull(store);
        this.ids = new IdCounters(Objects.requireNonNull(allocator));
        this.metrics = Objects.requireNonNull(metrics);
        this.divergences = Objects.requireNonNull(divergences);
    }

    // ---------------------------------------------------------------------------------------- reads

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        StatementPlan plan = planner.plan(call.sql());
        if (plan instanceof NotMigrated) {
            return call.onMysql().executeQuery();
        }
        Flags flags = control.flags();
        if (plan instanceof ReadPlan read && !flags.readMysql()) {
            return readDynamo(call, read);
        }
        if (plan instanceof ReadPlan read && flags.readDdb() && shadow != null && shadow.sampled()) {
            return readMysqlWithShadow(call, read);
        }
        if (plan instanceof Untranslatable u) {
            admitUntranslated(u, flags.readMysql());
        }
        return readMysql(call);
    }

    /**
     * Both reads on: MySQL answers; its rows are copied (the application gets them through an equivalent
     * ResultSet) and handed with a copy of the parameters to the shadow read, which never fails or delays
     * this request. Inside a transaction nothing is compared (see {@link ShadowReads}).
     */
    private ResultSet readMysqlWithShadow(StatementCall call, ReadPlan read) throws SQLException {
        String skip = shadow.reasonToSkip(read, call.connection().autoCommit());
        if (skip != null) {
            shadow.skip(read, skip);
            return readMysql(call);
        }
        List<Object> params = call.parameters().values();
        WriteWatch.Window window = shadow.window(read);
        ResultSet rs = readMysql(call);
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
            return readMysql(call);
        }
        closeQuietly(rs);
        shadow.submit(read, params, rows, window);
        return new RowSetResultSet(rows, call.statement());
    }

    private static void closeQuietly(ResultSet rs) {
        try {
            rs.close();
        } catch (SQLException | RuntimeException e) {
            // the rows are already copied, or the statement runs again
        }
    }

    private ResultSet readMysql(StatementCall call) throws SQLException {
        long start = System.nanoTime();
        try {
            return call.onMysql().executeQuery();
        } catch (SQLException e) {
            metrics.error(Store.MYSQL);
            throw e;
        } finally {
            metrics.recordRead(Store.MYSQL, System.nanoTime() - start);
        }
    }

    private ResultSet readDynamo(StatementCall call, ReadPlan read) throws SQLException {
        long start = System.nanoTime();
        ConnectionContext cx = call.connection();
        try {
            DynamoTransaction tx = transaction(cx);
            return new RowSetResultSet(tx.query(read, call.parameters().values(), new MysqlSide(cx.delegate())),
                    call.statement());
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            throw e;
        } finally {
            metrics.recordRead(Store.DYNAMODB, System.nanoTime() - start);
        }
    }

    // --------------------------------------------------------------------------------------- writes

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        StatementPlan plan = planner.plan(call.sql());
        if (plan instanceof NotMigrated) {
            return call.onMysql().executeUpdate();
        }
        Flags flags = control.flags();
        if (plan instanceof WritePlan write && flags.writeDdb()) {
            return flags.writeMysql() ? dualWrite(call, write) : writeDynamoOnly(call, write);
        }
        if (plan instanceof Untranslatable u) {
            // A write DynamoDB cannot mirror is tolerable only while MySQL still answers the reads.
            admitUntranslated(u, flags.readMysql() || !flags.writeDdb());
        }
        return writeMysql(call);
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        StatementPlan plan = planner.plan(call.sql());
        if (plan instanceof NotMigrated) {
            return call.onMysql().execute();
        }
        if (plan instanceof ReadPlan || isSelect(call.sql())) {
            call.answer(executeQuery(call));
            return true;
        }
        call.answerUpdateCount(executeUpdate(call));
        return false;
    }

    private long writeMysql(StatementCall call) throws SQLException {
        long start = System.nanoTime();
        try {
            return call.onMysql().executeUpdate();
        } catch (SQLException e) {
            metrics.error(Store.MYSQL);
            throw e;
        } finally {
            metrics.recordWrite(Store.MYSQL, System.nanoTime() - start);
        }
    }

    /** Phases 2-4: MySQL first and authoritative; DynamoDB follows, and a failure there is recorded. */
    private long dualWrite(StatementCall call, WritePlan write) throws SQLException {
        writeStarted(write.table());
        try {
            long count = writeMysql(call);
            ConnectionContext cx = call.connection();
            Long id = write.generatedColumn().isPresent() ? lastInsertId(cx.delegate()) : null;
            mirror(cx, new RecordedStatement(write.sql(), call.parameters().values(), id), write);
            return count;
        } finally {
            writeFinished(write.table());
        }
    }

    /** Tells the shadow reads a write on {@code table} (null: every table) begins, so they do not judge across it. */
    private void writeStarted(String table) {
        if (shadow != null) {
            shadow.writeStarted(table);
        }
    }

    private void writeFinished(String table) {
        if (shadow != null) {
            shadow.writeFinished(table);
        }
    }

    /**
     * Gives DynamoDB the change MySQL just took. Under autocommit a failure is recorded at once; in a
     * transaction the statement is remembered until COMMIT decides (see {@link #commit}).
     */
    private void mirror(ConnectionContext cx, RecordedStatement statement, WritePlan write) {
        MirroredStatements inTransaction = cx.autoCommit() ? null
                : cx.attachment(MirroredStatements.class, MirroredStatements::new);
        if (inTransaction != null) {
            inTransaction.add(statement);
            if (inTransaction.isBroken()) {
                return;
            }
        }
        long start = System.nanoTime();
        try {
            IdSource ids = statement.generatedId() == null ? IdSource.NONE : IdSource.fixed(statement.generatedId());
            transaction(cx).execute(write, statement.params(), ids);
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            if (inTransaction != null) {
                inTransaction.markBroken();
            } else {
                divergence(List.of(statement), e);
            }
        } finally {
            metrics.recordWrite(Store.DYNAMODB, System.nanoTime() - start);
        }
    }

    private void divergence(List<RecordedStatement> statements, Exception cause) {
        divergences.record(statements, cause);
        LOG.log(System.Logger.Level.WARNING, "Shift: DynamoDB did not take a change MySQL committed ("
                + statements.size() + " statement(s)); recorded for replay, " + divergences.pending()
                + " pending: " + cause.getMessage());
    }

    /** Phase 5: DynamoDB alone; its errors are the application's errors. */
    private long writeDynamoOnly(StatementCall call, WritePlan write) throws SQLException {
        long start = System.nanoTime();
        try {
            ConnectionContext cx = call.connection();
            WriteOutcome outcome = transaction(cx).execute(write, call.parameters().values(), ids.on(cx.delegate()));
            if (outcome.generatedKey() != null) {
                call.answerGeneratedKeys(outcome.generatedKey());
            }
            return outcome.updateCount();
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            throw e;
        } finally {
            metrics.recordWrite(Store.DYNAMODB, System.nanoTime() - start);
        }
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        Flags flags = control.flags();
        List<StatementCall> entries = batch.statements();
        List<WritePlan> plans = new ArrayList<>(entries.size());
        for (StatementCall entry : entries) {
            StatementPlan plan = planner.plan(entry.sql());
            if (plan instanceof Untranslatable u) {
                admitUntranslated(u, flags.readMysql() || !flags.writeDdb());
            }
            plans.add(plan instanceof WritePlan w && flags.writeDdb() ? w : null);
        }
        if (plans.stream().allMatch(Objects::isNull)) {
            return batch.executeOnMysql();
        }
        if (flags.writeMysql()) {
            writeStarted(null);
            try {
                long[] counts = batch.executeOnMysql();
                long[] keys = generatedKeysOf(batch, plans);
                for (int i = 0; i < entries.size(); i++) {
                    WritePlan w = plans.get(i);
                    if (w != null) {
                        Long id = w.generatedColumn().isPresent() ? keys[i] : null;
                        mirror(batch.connection(), new RecordedStatement(w.sql(), entries.get(i).parameters().values(), id), w);
                    }
                }
                return counts;
            } finally {
                writeFinished(null);
            }
        }
        return batchDynamoOnly(batch, entries, plans);
    }

    private long[] batchDynamoOnly(BatchCall batch, List<StatementCall> entries, List<WritePlan> plans)
            throws SQLException {
        long[] counts = new long[entries.size()];
        List<Long> keys = new ArrayList<>();
        DynamoTransaction tx = transaction(batch.connection());
        IdSource allocator = ids.on(batch.connection().delegate());
        for (int i = 0; i < entries.size(); i++) {
            WritePlan w = plans.get(i);
            if (w == null) {
                // Mixing tables Shift does not migrate into a DynamoDB-only batch cannot be done atomically.
                throw new SQLException("Shift: in a DynamoDB-only phase a batch cannot mix migrated and other "
                        + "tables [" + entries.get(i).sql() + "]", "0A000");
            }
            try {
                WriteOutcome o = tx.execute(w, entries.get(i).parameters().values(), allocator);
                counts[i] = o.updateCount();
                if (o.generatedKey() != null) {
                    keys.add(o.generatedKey());
                }
            } catch (SQLException | RuntimeException e) {
                metrics.error(Store.DYNAMODB);
                throw e;
            }
        }
        if (!keys.isEmpty()) {
            batch.answerGeneratedKeys(keys.stream().mapToLong(Long::longValue).toArray());
        }
        return counts;
    }

    /** One generated id per batch entry that needs one (MySQL assigns them in order). */
    private static long[] generatedKeysOf(BatchCall batch, List<WritePlan> plans) throws SQLException {
        long[] keys = new long[plans.size()];
        boolean needed = plans.stream().anyMatch(p -> p != null && p.generatedColumn().isPresent());
        if (!needed) {
            return keys;
        }
        try (ResultSet rs = batch.generatedKeysFromMysql()) {
            for (int i = 0; i < plans.size(); i++) {
                WritePlan p = plans.get(i);
                if (p != null && p.generatedColumn().isPresent()) {
                    if (!rs.next()) {
                        throw new SQLException("Shift: MySQL returned fewer generated keys than the batch inserted "
                                + "rows; prepare the statement with Statement.RETURN_GENERATED_KEYS", "HY000");
                    }
                    keys[i] = rs.getLong(1);
                }
            }
        }
        return keys;
    }

    /** The AUTO_INCREMENT value MySQL just assigned on this connection; works whether or not the app asked for keys. */
    private static long lastInsertId(Connection delegate) throws SQLException {
        try (Statement st = delegate.createStatement(); ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --------------------------------------------------------------------------------- transactions

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        Optional<MirroredStatements> mirrored = cx.removeAttachment(MirroredStatements.class);
        Optional<DynamoTransaction> open = cx.existingAttachment(DynamoTransaction.class);
        if (mirrored.isPresent() && !mirrored.get().isEmpty()) {
            writeStarted(null);   // the transaction's changes become visible in both stores now
            try {
                commitDualWrite(cx, mirrored.get(), open.orElseThrow());
            } finally {
                writeFinished(null);
            }
        } else if (open.isPresent() && !open.get().pending().isEmpty()) {
            commitDynamoFirst(cx, open.get());
        } else {
            cx.delegate().commit();
        }
    }

    /** MySQL is authoritative: it commits first; DynamoDB follows, or the transaction is recorded for replay. */
    private void commitDualWrite(ConnectionContext cx, MirroredStatements mirrored, DynamoTransaction tx)
            throws SQLException {
        try {
            cx.delegate().commit();
        } catch (SQLException e) {
            tx.rollback();
            throw e;
        }
        boolean broken = mirrored.isBroken();
        List<RecordedStatement> statements = mirrored.drain();
        if (broken) {
            tx.rollback();
            divergence(statements, new SQLException("a statement's DynamoDB side failed inside the transaction"));
            return;
        }
        try {
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            divergence(statements, e);
        }
    }

    /** DynamoDB is authoritative (phase 5): it commits first; MySQL (tables Shift does not migrate) follows. */
    private void commitDynamoFirst(ConnectionContext cx, DynamoTransaction tx) throws SQLException {
        try {
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            cx.delegate().rollback();
            throw e;
        }
        cx.delegate().commit();
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        cx.removeAttachment(MirroredStatements.class);
        cx.existingAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
        cx.delegate().rollback();
    }

    @Override
    public void close(ConnectionContext cx) {
        cx.removeAttachment(MirroredStatements.class);
        cx.removeAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
    }

    /** The connection's DynamoDB side, following the application's auto-commit mode. */
    private DynamoTransaction transaction(ConnectionContext cx) throws SQLException {
        DynamoTransaction tx = cx.attachment(DynamoTransaction.class, () -> new DynamoTransaction(store));
        if (tx.autoCommit() != cx.autoCommit()) {
            tx.setAutoCommit(cx.autoCommit());
        }
        return tx;
    }

    // --------------------------------------------------------------------------------- untranslated

    /**
     * Lets an untranslatable statement go to MySQL when {@code mysqlMayServe}, counted and logged;
     * otherwise fails it with the reason.
     */
    private void admitUntranslated(Untranslatable u, boolean mysqlMayServe) throws SQLException {
        metrics.untranslatedStatement();
        if (!mysqlMayServe) {
            throw u.toException();
        }
        untranslated.seen(u);
    }

    private static boolean isSelect(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "WITH", 0, 4);
    }
}
