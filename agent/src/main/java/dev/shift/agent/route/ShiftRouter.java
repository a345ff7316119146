package dev.shift.agent.route;

import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.migration.StatementReport;
import dev.shift.core.migration.StatementShapes;
import dev.shift.agent.dynamo.DriverDialect;
import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.ItemStore;
import dev.shift.agent.dynamo.RowSetResultSet;
import dev.shift.agent.dynamo.WriteOutcome;
import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.execute.ReadExecution;
import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.DriverConnections;
import dev.shift.agent.jdbc.MysqlSide;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.sql.CopyPlanner;
import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.SqlText;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.agent.validation.WriteWatch;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The route stage: for each statement, the flags in force (one snapshot) and the statement's plan decide
 * which store answers and which stores are written.
 *
 * <ul>
 *   <li>Reads: MySQL while READ_MYSQL is on (phases 1-3), otherwise DynamoDB (phases 4-5). With both reads on
 *       (phase 3) MySQL's answer goes to the application unchanged (copied into a {@link RowSet}) and
 *       {@link ShadowReads} compares DynamoDB's answer with it off the request path.</li>
 *   <li>Writes (phases 2-4): the rows a change touches are recorded in {@link PendingChanges} before MySQL
 *       commits. Phases 2-3: MySQL first — it is authoritative, its answer goes to the application, and a
 *       DynamoDB write that fails afterwards leaves the record to be resolved from MySQL instead of failing the
 *       request. Phase 4: DynamoDB is read, so it is written before MySQL commits and its failure is the
 *       application's error. With WRITE_MYSQL off (phase 5) DynamoDB alone is written.</li>
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
    private final StoreTiming timing;
    private final PendingChanges changes;
    private final UntranslatedLog untranslated = new UntranslatedLog();
    private final StatementCatalog catalog = new StatementCatalog(java.time.Clock.systemUTC());
    private final UnmirroredWrites unmirrored = new UnmirroredWrites();
    private final CopyRoute copied;
    private final ShadowReads shadow;
    private final DynamoOnlyWrites dynamoOnly;

    /** A router without shadow reads: with both reads on, MySQL alone answers and nothing is compared. */
    public ShiftRouter(MigrationControl control, SqlPlanner planner, ItemStore store, IdAllocator allocator,
            ShiftMetrics metrics, PendingChanges changes) {
        this(control, planner, store, allocator, metrics, changes, null);
    }

    /** @param shadow compares DynamoDB's answers with MySQL's while both reads are on (null: none) */
    public ShiftRouter(MigrationControl control, SqlPlanner planner, ItemStore store, IdAllocator allocator,
            ShiftMetrics metrics, PendingChanges changes, ShadowReads shadow) {
        this(control, planner, store, allocator, metrics, changes, shadow, new DynamoOnlyWrites());
    }

    /** @param dynamoOnly this JVM's phase-5 writes, which a move back to writing MySQL holds for a moment */
    public ShiftRouter(MigrationControl control, SqlPlanner planner, ItemStore store, IdAllocator allocator,
            ShiftMetrics metrics, PendingChanges changes, ShadowReads shadow, DynamoOnlyWrites dynamoOnly) {
        this.dynamoOnly = Objects.requireNonNull(dynamoOnly);
        this.shadow = shadow;
        this.control = Objects.requireNonNull(control);
        this.planner = Objects.requireNonNull(planner);
        this.store = Objects.requireNonNull(store);
        this.ids = new IdCounters(Objects.requireNonNull(allocator), () -> control.state().version());
        this.metrics = Objects.requireNonNull(metrics);
        this.timing = new StoreTiming(metrics);
        this.changes = Objects.requireNonNull(changes);
        this.copied = new CopyRoute(new CopyPlanner(planner.mapping()), changes, metrics, unmirrored);
    }

    /** Writes on migrated tables that DynamoDB may lack (their rows could not be followed), per table. */
    public UnmirroredWrites unmirrored() {
        return unmirrored;
    }

    // ---------------------------------------------------------------------------------------- reads

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        StatementPlan plan = plan(call);
        if (plan instanceof NotMigrated) {
            return call.onMysql().executeQuery();
        }
        Flags flags = control.flags();
        catalog.seen(plan, flags, false);
        ownConnectionsFollow(call.connection(), flags);
        if (plan instanceof ReadPlan read && !flags.readMysql()) {
            return readDynamo(call, read);
        }
        if (plan instanceof ReadPlan read && flags.readDdb() && shadow != null && shadow.sampled()) {
            return readMysqlWithShadow(call, read);
        }
        if (plan instanceof Untranslatable u) {
            admitUntranslated(u, flags.readMysql(), false);
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
        if (skip == null && changes.pending() > 0) {
            skip = ShadowReads.BEHIND;   // e.g. after an outage, until the outbox has drained
        }
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
        return new RowSetResultSet(rows, call.statement(), dialect(call.connection()));
    }

    private static void closeQuietly(ResultSet rs) {
        try {
            rs.close();
        } catch (SQLException | RuntimeException e) {
            // the rows are already copied, or the statement runs again
        }
    }

    private ResultSet readMysql(StatementCall call) throws SQLException {
        return timing.read(Store.MYSQL, () -> call.onMysql().executeQuery());
    }

    private ResultSet readDynamo(StatementCall call, ReadPlan read) throws SQLException {
        ConnectionContext cx = call.connection();
        return timing.read(Store.DYNAMODB, () -> {
            DynamoTransaction tx = transaction(cx);
            MysqlSide mysql = new MysqlSide(cx.delegate());
            List<Object> params = call.parameters().values();
            RowSet rows = read.locking() ? ReadExecution.runLocking(read, tx, params, mysql)
                    : ReadExecution.run(read, tx.reader(), params, mysql);
            return new RowSetResultSet(rows, call.statement(), dialect(cx));
        });
    }

    // --------------------------------------------------------------------------------------- writes

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        StatementPlan plan = plan(call);
        if (plan instanceof NotMigrated) {
            return call.onMysql().executeUpdate();
        }
        Flags flags = control.flags();
        catalog.seen(plan, flags, true);
        ownConnectionsFollow(call.connection(), flags);
        if (plan instanceof WritePlan write && flags.writeDdb()) {
            if (!flags.writeMysql()) {
                return writeDynamoOnly(call, write);
            }
            return flags.readMysql() ? dualWrite(call, write) : dualWriteDynamoFirst(call, write);
        }
        if (plan instanceof Untranslatable u) {
            // A write DynamoDB cannot mirror is tolerable only while MySQL still answers the reads.
            admitUntranslated(u, flags.readMysql() || !flags.writeDdb(), true);
            if (flags.writeDdb() && flags.writeMysql()) {
                writeStarted(null);
                try {
                    return copied.write(call, u, () -> writeMysql(call));
                } finally {
                    writeFinished(null);
                }
            }
        }
        return writeMysql(call);
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        StatementPlan plan = plan(call);
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

    /**
     * The statement's plan. When the mapping names its database, a connection in another database (an archive, another
     * tenant with the same tables) is not migrated: its statements pass through. Such a connection naming the mapped
     * database's tables explicitly is refused in phases 2-5, as Shift could not follow it.
     */
    private StatementPlan plan(StatementCall call) throws SQLException {
        StatementPlan plan = planner.plan(call.sql());
        String database = planner.mapping().database();
        if (database == null || plan instanceof NotMigrated) {
            return plan;
        }
        String current = call.connection().currentDatabase();
        if (current == null || current.equalsIgnoreCase(database)) {
            return plan;
        }
        Flags flags = control.flags();
        if ((flags.readDdb() || flags.writeDdb()) && Pattern.compile("(?i)(?<![A-Za-z0-9_$])`?" + Pattern.quote(database)
                + "`?\\s*\\.").matcher(call.sql()).find()) {
            throw ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift: " + SqlText.abbreviate(call.sql())
                    + " names tables of database " + database + " from a connection in database " + current
                    + ": run it from a connection in " + database + ", so Shift can follow it to DynamoDB");
        }
        return new NotMigrated(call.sql());
    }

    /**
     * Shift's own MySQL connections (outbox, copies, reverse sync) go to the database the migrated tables are used
     * in, whichever the application connected to last. Nothing to do in phase 1, where Shift opens none.
     */
    private static void ownConnectionsFollow(ConnectionContext cx, Flags flags) {
        if (flags.readDdb() || flags.writeDdb()) {
            DriverConnections.follow(cx);
        }
    }

    private long writeMysql(StatementCall call) throws SQLException {
        return timing.write(Store.MYSQL, () -> call.onMysql().executeUpdate());
    }

    /**
     * Phases 2-3: MySQL first and authoritative; DynamoDB follows. Under autocommit the statement commits as it
     * runs, so its rows are recorded before it runs, by what the statement itself names (an INSERT whose id
     * MySQL will choose: its partition); a DynamoDB side that fails only leaves the record unsettled.
     */
    private long dualWrite(StatementCall call, WritePlan write) throws SQLException {
        ConnectionContext cx = call.connection();
        writeStarted(write.table());
        try {
            if (!cx.autoCommit()) {
                return stage(call, write, cx.attachment(TransactionScopes.class, TransactionScopes::new),
                        transaction(cx), false);
            }
            List<Object> params = call.parameters().values();
            long entry = record(write.scope(params, null));
            long count;
            try {
                count = writeMysql(call);
            } catch (SQLException e) {
                changes.unsettled(entry, e);   // e.g. the connection broke after MySQL committed: check the rows
                throw e;
            }
            try {
                mirror(transaction(cx), write, params, generatedId(cx, write));
                changes.settled(entry);
            } catch (SQLException | RuntimeException e) {
                missed(entry, e);
            }
            return count;
        } finally {
            writeFinished(write.table());
        }
    }

    /**
     * Phase 4: DynamoDB answers the reads, so a write the application saw succeed must be in DynamoDB. The
     * statement joins the open transaction, or runs in one of its own under autocommit; at COMMIT DynamoDB is
     * written before MySQL commits, and if DynamoDB refuses, MySQL rolls back and the application gets the error.
     */
    private long dualWriteDynamoFirst(StatementCall call, WritePlan write) throws SQLException {
        ConnectionContext cx = call.connection();
        if (!cx.autoCommit()) {
            return stage(call, write, cx.attachment(TransactionScopes.class, TransactionScopes::new),
                    transaction(cx), true);
        }
        return inOwnTransaction(cx, (scopes, tx) -> stage(call, write, scopes, tx, true));
    }

    /**
     * One dual-written statement inside a transaction: MySQL runs it, its rows join {@code scopes}, its DynamoDB
     * writes join the buffer. A DynamoDB failure fails the statement when {@code failFast} (phase 4); otherwise
     * it marks the transaction broken, to be resolved from MySQL after COMMIT.
     */
    private long stage(StatementCall call, WritePlan write, TransactionScopes scopes, DynamoTransaction tx,
            boolean failFast) throws SQLException {
        long count = writeMysql(call);
        stageDynamo(write, call.parameters().values(), generatedId(call.connection(), write), scopes, tx, failFast);
        return count;
    }

    /** The DynamoDB half of {@link #stage}: the statement's rows join {@code scopes}, its writes the buffer. */
    private void stageDynamo(WritePlan write, List<Object> params, Long id, TransactionScopes scopes,
            DynamoTransaction tx, boolean failFast) throws SQLException {
        scopes.add(write.scope(params, id));
        if (!scopes.isBroken()) {
            try {
                mirror(tx, write, params, id);
            } catch (SQLException | RuntimeException e) {
                // The buffer now lacks this statement: should the application commit anyway, the rows are
                // copied from MySQL after its commit instead of sending an incomplete buffer.
                scopes.markBroken();
                if (failFast) {
                    throw dynamoRefused(e);
                }
            }
        }
    }

    /** Work done inside {@link #inOwnTransaction}. */
    private interface TransactionWork<T> {
        T run(TransactionScopes scopes, DynamoTransaction tx) throws SQLException;
    }

    /**
     * Runs an autocommit statement of phase 4 as a transaction of its own (MySQL's autocommit off for its
     * duration), committed the phase-4 way: DynamoDB first, then MySQL.
     */
    private <T> T inOwnTransaction(ConnectionContext cx, TransactionWork<T> work) throws SQLException {
        Connection mysql = cx.delegate();
        mysql.setAutoCommit(false);
        TransactionScopes scopes = new TransactionScopes();
        DynamoTransaction tx = new DynamoTransaction(store);
        tx.setAutoCommit(false);
        boolean committed = false;
        writeStarted(null);
        try {
            T result = work.run(scopes, tx);
            commitDualWrite(cx, scopes, tx, true);
            committed = true;
            return result;
        } finally {
            writeFinished(null);
            if (!committed) {
                tx.rollback();
                rollbackQuietly(mysql);
            }
            mysql.setAutoCommit(true);
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

    /** The id MySQL generated for an INSERT that left it to MySQL, else null. */
    private static Long generatedId(ConnectionContext cx, WritePlan write) throws SQLException {
        return write.generatedColumn().isPresent() ? CopiedWrites.lastInsertId(cx.delegate()) : null;
    }

    /** Records the rows about to change; a record that cannot be made stops the change (nothing is changed). */
    private long record(RowScope scope) throws SQLException {
        return changes.record(scope == null ? List.of() : List.of(scope));
    }

    /** Gives DynamoDB the change MySQL took (or, in a transaction, buffers it until COMMIT). */
    private void mirror(DynamoTransaction tx, WritePlan write, List<Object> params, Long generatedId)
            throws SQLException {
        timing.write(Store.DYNAMODB, () -> tx.execute(write, params,
                generatedId == null ? IdSource.NONE : IdSource.fixed(generatedId)));
    }

    /** DynamoDB did not take a change MySQL committed: the record stays, and the rows are copied from MySQL. */
    private void missed(long entry, Exception cause) {
        changes.unsettled(entry, cause);
        LOG.log(System.Logger.Level.WARNING, "Shift: DynamoDB did not take a change MySQL committed; it will be "
                + "copied from MySQL (" + changes.pending() + " pending): " + cause.getMessage());
    }

    private static SQLException dynamoRefused(Exception cause) {
        ShiftErrors.Reason reason = !(cause instanceof SQLException s) ? ShiftErrors.Reason.DYNAMODB_FAILED
                : "40001".equals(s.getSQLState()) ? ShiftErrors.Reason.CONFLICT
                : s instanceof java.sql.SQLTransientException ? ShiftErrors.Reason.DYNAMODB_UNAVAILABLE
                : ShiftErrors.Reason.DYNAMODB_FAILED;
        return ShiftErrors.of(reason, "Shift: DynamoDB did not take the write, so nothing was changed (DynamoDB is read "
                + "in this phase and is written before MySQL commits): " + cause.getMessage(), cause);
    }

    private static void rollbackQuietly(Connection mysql) {
        try {
            mysql.rollback();
        } catch (SQLException | RuntimeException e) {
            // the connection is broken: MySQL rolls the transaction back itself
        }
    }

    /** Phase 5: DynamoDB alone; its errors are the application's errors. */
    private long writeDynamoOnly(StatementCall call, WritePlan write) throws SQLException {
        dynamoOnly.enter();
        if (control.flags().writeMysql()) {
            dynamoOnly.exit();   // the phase changed while this write waited for a switch: route it afresh
            return executeUpdate(call);
        }
        try {
            return timing.write(Store.DYNAMODB, () -> {
                ConnectionContext cx = call.connection();
                DynamoTransaction tx = transaction(cx);
                tx.mysqlNotWritten();   // MySQL will need this change when it is used again (reverse sync)
                WriteOutcome outcome = tx.execute(write, call.parameters().values(), ids.on(cx.delegate()));
                if (outcome.generatedKey() != null) {
                    call.answerGeneratedKeys(outcome.generatedKey());
                }
                return outcome.updateCount();
            });
        } finally {
            dynamoOnly.exit();
        }
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        Flags flags = control.flags();
        List<StatementCall> entries = batch.statements();
        List<WritePlan> plans = new ArrayList<>(entries.size());
        Map<Integer, Untranslatable> untranslated = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            StatementPlan plan = plan(entries.get(i));
            if (!(plan instanceof NotMigrated)) {
                catalog.seen(plan, flags, true);
                ownConnectionsFollow(batch.connection(), flags);
            }
            if (plan instanceof Untranslatable u) {
                admitUntranslated(u, flags.readMysql() || !flags.writeDdb(), true);
                untranslated.put(i, u);
            }
            plans.add(plan instanceof WritePlan w && flags.writeDdb() ? w : null);
        }
        if (!untranslated.isEmpty() && flags.writeDdb() && flags.writeMysql()) {
            writeStarted(null);
            try {
                return copied.batch(batch, plans, untranslated);
            } finally {
                writeFinished(null);
            }
        }
        if (plans.stream().allMatch(Objects::isNull)) {
            return batch.executeOnMysql();
        }
        if (flags.writeMysql()) {
            ConnectionContext cx = batch.connection();
            boolean dynamoFirst = !flags.readMysql();
            if (!cx.autoCommit()) {
                writeStarted(null);
                try {
                    return stageBatch(batch, plans, cx.attachment(TransactionScopes.class, TransactionScopes::new),
                            transaction(cx), dynamoFirst);
                } finally {
                    writeFinished(null);
                }
            }
            if (dynamoFirst) {
                return inOwnTransaction(cx, (scopes, tx) -> stageBatch(batch, plans, scopes, tx, true));
            }
            return dualWriteBatch(batch, plans);
        }
        dynamoOnly.enter();
        try {
            if (control.flags().writeMysql()) {
                return executeBatch(batch);   // the phase changed while this batch waited for a switch
            }
            return batchDynamoOnly(batch, entries, plans);
        } finally {
            dynamoOnly.exit();
        }
    }

    /** Phases 2-3 under autocommit: like {@link #dualWrite}, one record for the whole batch. */
    private long[] dualWriteBatch(BatchCall batch, List<WritePlan> plans) throws SQLException {
        List<StatementCall> entries = batch.statements();
        List<RowScope> scopes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (plans.get(i) != null) {
                RowScope scope = plans.get(i).scope(entries.get(i).parameters().values(), null);
                if (scope != null) {
                    scopes.add(scope);
                }
            }
        }
        writeStarted(null);
        try {
            long entry = changes.record(scopes);
            long[] counts;
            long[] keys;
            try {
                counts = batch.executeOnMysql();
                keys = generatedKeysOf(batch, plans);
            } catch (SQLException e) {
                changes.unsettled(entry, e);
                throw e;
            }
            DynamoTransaction tx = transaction(batch.connection());
            try {
                for (int i = 0; i < entries.size(); i++) {
                    WritePlan w = plans.get(i);
                    if (w != null) {
                        mirror(tx, w, entries.get(i).parameters().values(), w.generatedColumn().isPresent() ? keys[i] : null);
                    }
                }
                changes.settled(entry);
            } catch (SQLException | RuntimeException e) {
                missed(entry, e);
            }
            return counts;
        } finally {
            writeFinished(null);
        }
    }

    /** A batch inside a transaction: MySQL runs it, each entry's rows and DynamoDB writes are staged as in {@link #stage}. */
    private long[] stageBatch(BatchCall batch, List<WritePlan> plans, TransactionScopes scopes, DynamoTransaction tx,
            boolean failFast) throws SQLException {
        List<StatementCall> entries = batch.statements();
        long[] counts = batch.executeOnMysql();
        long[] keys = generatedKeysOf(batch, plans);
        for (int i = 0; i < entries.size(); i++) {
            WritePlan w = plans.get(i);
            if (w == null) {
                continue;
            }
            stageDynamo(w, entries.get(i).parameters().values(), w.generatedColumn().isPresent() ? keys[i] : null,
                    scopes, tx, failFast);
        }
        return counts;
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
                throw ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift: in a DynamoDB-only phase a batch "
                        + "cannot mix migrated and other "
                        + "tables [" + entries.get(i).sql() + "]");
            }
            try {
                tx.mysqlNotWritten();
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


    // --------------------------------------------------------------------------------- transactions

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        Optional<TransactionScopes> scopes = cx.removeAttachment(TransactionScopes.class);
        Optional<DynamoTransaction> open = cx.existingAttachment(DynamoTransaction.class);
        if (scopes.isPresent() && !scopes.get().isEmpty()) {
            DynamoTransaction tx = transaction(cx);
            writeStarted(null);   // the transaction's changes become visible in both stores now
            try {
                commitDualWrite(cx, scopes.get(), tx, !control.flags().readMysql());
            } finally {
                writeFinished(null);
            }
        } else if (open.isPresent() && !open.get().pending().isEmpty()) {
            dynamoOnly.enter();
            try {
                commitDynamoFirst(cx, open.get());
            } finally {
                dynamoOnly.exit();
            }
        } else {
            cx.delegate().commit();
        }
    }

    /**
     * Commits a dual-written transaction. Its rows are recorded first (the record is what survives any failure
     * or crash from here on). Phases 2-3: MySQL commits, then DynamoDB; a DynamoDB failure leaves the record
     * unsettled. Phase 4 ({@code dynamoFirst}): DynamoDB commits, then MySQL; a DynamoDB failure rolls MySQL
     * back and fails the COMMIT; a MySQL failure after it leaves the record unsettled, so DynamoDB is put back
     * to MySQL's state.
     */
    private void commitDualWrite(ConnectionContext cx, TransactionScopes scopes, DynamoTransaction tx,
            boolean dynamoFirst) throws SQLException {
        long entry;
        try {
            entry = changes.record(scopes.scopes());
        } catch (SQLException e) {
            tx.rollback();
            throw e;   // MySQL has not committed; the application rolls back
        }
        if (dynamoFirst && !scopes.isBroken()) {
            try {
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                metrics.error(Store.DYNAMODB);
                rollbackQuietly(cx.delegate());
                changes.unsettled(entry, e);   // a timeout may still have applied it: MySQL's state is put back
                throw dynamoRefused(e);
            }
            commitMysql(cx, tx, entry);
            changes.settled(entry);
            return;
        }
        commitMysql(cx, tx, entry);
        if (scopes.isBroken()) {
            tx.rollback();
            missed(entry, new SQLException("a statement's DynamoDB side failed inside the transaction"));
            return;
        }
        if (scopes.copiesFromMysql()) {
            tx.rollback();                      // incomplete: a statement of it was not translated
            changes.unsettled(entry, null);     // its rows are copied from MySQL instead
            return;
        }
        try {
            tx.commit();
            changes.settled(entry);
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            missed(entry, e);
        }
    }

    private void commitMysql(ConnectionContext cx, DynamoTransaction tx, long entry) throws SQLException {
        try {
            cx.delegate().commit();
        } catch (SQLException e) {
            tx.rollback();
            changes.unsettled(entry, e);
            throw e;
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
        cx.removeAttachment(TransactionScopes.class);
        cx.existingAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
        cx.delegate().rollback();
    }

    @Override
    public void close(ConnectionContext cx) {
        cx.removeAttachment(TransactionScopes.class);
        cx.removeAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
    }

    /** What the application's driver answers where drivers differ (read once per connection). */
    private static DriverDialect dialect(ConnectionContext cx) {
        return cx.attachment(DriverDialect.class, () -> DriverDialect.of(cx.delegate()));
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
    private void admitUntranslated(Untranslatable u, boolean mysqlMayServe, boolean write) throws SQLException {
        metrics.untranslatedStatement();
        if (!mysqlMayServe) {
            throw u.toException();
        }
        untranslated.seen(u, write);
    }

    /** Every distinct statement on migrated tables seen, with where it went ({@code GET /api/migration/statements}). */
    public StatementReport statements() {
        return catalog.report();
    }

    /** What this router has seen of the application's SQL that DynamoDB could not serve (for the phase gates). */
    public StatementShapes shapes() {
        return new StatementShapes(untranslated.reads(), untranslated.writes(), unmirrored.perTable());
    }

    private static boolean isSelect(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "WITH", 0, 4);
    }
}
