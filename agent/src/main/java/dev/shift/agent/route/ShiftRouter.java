package dev.shift.agent.route;

import dev.shift.agent.dynamo.DriverDialect;
import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ItemStore;
import dev.shift.agent.dynamo.RowSetResultSet;
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
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.SqlText;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.Phase;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.migration.StatementReport;
import dev.shift.core.migration.StatementShapes;

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
 *   <li>Writes: one {@link WriteMode} per statement from the same snapshot; a single statement and a JDBC batch
 *       ({@link Writes}) go through that mode's one protocol in {@link WriteProtocols}, and so does COMMIT, the way
 *       the transaction's statements were staged.</li>
 *   <li>Statements Shift cannot translate go to MySQL (counted, logged) while MySQL is read; otherwise they
 *       fail with an SQLException naming the statement and the reason.</li>
 * </ul>
 */
public final class ShiftRouter implements StatementInterceptor {

    private final MigrationControl control;
    private final SqlPlanner planner;
    private final ShiftMetrics metrics;
    private final StoreTiming timing;
    private final UntranslatedLog untranslated = new UntranslatedLog();
    private final StatementCatalog catalog = new StatementCatalog(java.time.Clock.systemUTC());
    private final UnmirroredWrites unmirrored = new UnmirroredWrites();
    private final ResultShapes shapes = new ResultShapes();
    private final CopyRoute copied;
    private final ShadowedRead shadowed;
    private final DynamoOnlyWrites dynamoOnly;
    private final WriteProtocols protocols;

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
        Objects.requireNonNull(changes);
        this.dynamoOnly = Objects.requireNonNull(dynamoOnly);
        this.shadowed = new ShadowedRead(shadow, changes);
        this.control = Objects.requireNonNull(control);
        this.planner = Objects.requireNonNull(planner);
        this.metrics = Objects.requireNonNull(metrics);
        this.timing = new StoreTiming(metrics);
        CopyPlanner copies = new CopyPlanner(planner.mapping());
        this.protocols = new WriteProtocols(Objects.requireNonNull(store),
                new IdCounters(Objects.requireNonNull(allocator), () -> control.state().version()), changes, metrics,
                timing, shadow, copies);
        this.copied = new CopyRoute(copies, changes, metrics, unmirrored);
    }

    /**
     * Takes over from the starting gate: the statements it let through to MySQL while Shift started in phase 1 join
     * the statements list, so that list still holds everything the application sent (its start-up's statements too).
     */
    public void takeOverFrom(StartingGate gate) {
        catalog.servedBeforeStart(gate.drainServedEarly(), planner);
    }

    /** What the application's driver reported for each migrated read MySQL answered. */
    public ResultShapes resultShapes() {
        return shapes;
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
        DriverConnections.follow(call.connection());   // Shift's own connections go where the migrated tables are
        if (plan instanceof ReadPlan read && !flags.readMysql()) {
            return readDynamo(call, read);
        }
        if (plan instanceof ReadPlan read && flags.readDdb() && shadowed.sampled()) {
            return shadowed.read(call, read, () -> readMysql(call, read), dialect(call.connection()), shapes);
        }
        if (plan instanceof Untranslatable u) {
            admitUntranslated(u, flags.readMysql(), false);
        }
        return readMysql(call, plan);
    }

    /** MySQL's answer; for a read DynamoDB can answer, the driver's metadata is learned on the way. */
    private ResultSet readMysql(StatementCall call, StatementPlan plan) throws SQLException {
        ResultSet rs = timing.read(Store.MYSQL, () -> call.onMysql().executeQuery());
        if (plan instanceof ReadPlan) {
            shapes.learn(call.sql(), rs);
        }
        return rs;
    }

    private ResultSet readDynamo(StatementCall call, ReadPlan read) throws SQLException {
        ConnectionContext cx = call.connection();
        return timing.read(Store.DYNAMODB, () -> {
            DynamoTransaction tx = protocols.transaction(cx);
            MysqlSide mysql = new MysqlSide(cx.delegate());
            List<Object> params = call.parameters().values();
            RowSet rows = read.locking() ? ReadExecution.runLocking(read, tx, params, mysql)
                    : ReadExecution.run(read, tx.reader(), params, mysql);
            return new RowSetResultSet(rows, call.statement(), dialect(cx), shapes.of(call.sql()));
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
        DriverConnections.follow(call.connection());   // Shift's own connections go where the migrated tables are
        WriteMode mode = modeOf(call.connection(), flags);
        if (plan instanceof WritePlan write && mode != WriteMode.MYSQL_ONLY) {
            return write(Writes.of(call, write), mode, () -> new long[] {executeUpdate(call)})[0];
        }
        if (plan instanceof Untranslatable u) {
            // A write DynamoDB cannot mirror is tolerable only while MySQL still answers the reads.
            admitUntranslated(u, WriteMode.untranslatedWriteAllowed(flags), true);
            if (mode == WriteMode.DUAL_WRITE) {
                protocols.writeStarted(null);
                try {
                    return copied.write(call, u, () -> writeMysql(call));
                } finally {
                    protocols.writeFinished(null);
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

    private long writeMysql(StatementCall call) throws SQLException {
        return timing.write(Store.MYSQL, () -> call.onMysql().executeUpdate());
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        Flags flags = control.flags();
        WriteMode mode = modeOf(batch.connection(), flags);
        List<StatementCall> entries = batch.statements();
        List<WritePlan> plans = new ArrayList<>(entries.size());
        Map<Integer, Untranslatable> untranslated = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            StatementPlan plan = plan(entries.get(i));
            if (!(plan instanceof NotMigrated)) {
                catalog.seen(plan, flags, true);
                DriverConnections.follow(batch.connection());
            }
            if (plan instanceof Untranslatable u) {
                admitUntranslated(u, WriteMode.untranslatedWriteAllowed(flags), true);
                untranslated.put(i, u);
            }
            plans.add(plan instanceof WritePlan w && mode != WriteMode.MYSQL_ONLY ? w : null);
        }
        if (!untranslated.isEmpty() && mode == WriteMode.DUAL_WRITE) {
            protocols.writeStarted(null);
            try {
                return copied.batch(batch, plans, untranslated);
            } finally {
                protocols.writeFinished(null);
            }
        }
        if (plans.stream().allMatch(Objects::isNull)) {
            return batch.executeOnMysql();
        }
        return write(Writes.of(batch, plans), mode, () -> executeBatch(batch));
    }

    /** Routing the writes afresh, when the phase changed while they waited. */
    private interface Reroute {
        long[] run() throws SQLException;
    }

    /**
     * Carries the writes out the way their mode says ({@link WriteProtocols}). Phase 5's writes may wait for a move
     * back to writing MySQL to finish ({@link DynamoOnlyWrites}); if the phase changed meanwhile they are routed
     * afresh, after leaving the gate.
     */
    private long[] write(Writes writes, WriteMode mode, Reroute reroute) throws SQLException {
        switch (mode) {
            case DUAL_WRITE:
                return protocols.dualWrite(writes);
            case DYNAMO_FIRST:
                return protocols.dynamoFirst(writes);
            case DYNAMO_ONLY:
                ConnectionContext cx = writes.connection();
                if (cx.existingAttachment(DynamoOnlyTransaction.class).isPresent()) {
                    return protocols.dynamoOnly(writes);   // counted since the transaction's first such write
                }
                boolean transaction = !cx.autoCommit();
                boolean counted = false;
                dynamoOnly.enter();
                try {
                    if (!control.flags().writeMysql()) {
                        long[] counts = protocols.dynamoOnly(writes);
                        if (transaction) {
                            cx.attachment(DynamoOnlyTransaction.class, DynamoOnlyTransaction::new);
                            counted = true;   // until COMMIT or ROLLBACK: a move back to MySQL waits for it
                        }
                        return counts;
                    }
                } finally {
                    if (!counted) {
                        dynamoOnly.exit();
                    }
                }
                return reroute.run();
            default:
                throw new IllegalStateException("no DynamoDB write in mode " + mode);
        }
    }

    /** Marks a transaction that writes DynamoDB alone: it stays so to its end, whatever the phase does meanwhile. */
    private static final class DynamoOnlyTransaction {
    }

    /** The statement's write mode: the flags', or DynamoDB alone inside a transaction that began so. */
    private static WriteMode modeOf(ConnectionContext cx, Flags flags) {
        return cx.existingAttachment(DynamoOnlyTransaction.class).isPresent() ? WriteMode.DYNAMO_ONLY : WriteMode.of(flags);
    }

    /** Ends the count of a DynamoDB-only transaction, if this connection had one. */
    private void endDynamoOnly(ConnectionContext cx) {
        if (cx.removeAttachment(DynamoOnlyTransaction.class).isPresent()) {
            dynamoOnly.exit();
        }
    }

    // --------------------------------------------------------------------------------- transactions

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        boolean counted = cx.existingAttachment(DynamoOnlyTransaction.class).isPresent();
        try {
            commit(cx, counted);
        } finally {
            endDynamoOnly(cx);
        }
    }

    private void commit(ConnectionContext cx, boolean counted) throws SQLException {
        Optional<TransactionScopes> scopes = cx.removeAttachment(TransactionScopes.class);
        Optional<DynamoTransaction> open = cx.existingAttachment(DynamoTransaction.class);
        if (scopes.isPresent() && !scopes.get().isEmpty()) {
            DynamoTransaction tx = protocols.transaction(cx);
            protocols.writeStarted(null);   // the transaction's changes become visible in both stores now
            try {
                protocols.commitDualWrite(cx, scopes.get(), tx);
            } finally {
                protocols.writeFinished(null);
            }
        } else if (open.isPresent() && !open.get().pending().isEmpty()) {
            if (!counted) {
                dynamoOnly.enter();
            }
            try {
                protocols.commitDynamoOnly(cx, open.get());
            } finally {
                if (!counted) {
                    dynamoOnly.exit();
                }
            }
        } else {
            cx.delegate().commit();
        }
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        cx.removeAttachment(TransactionScopes.class);
        cx.existingAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
        endDynamoOnly(cx);
        cx.delegate().rollback();
    }

    @Override
    public void close(ConnectionContext cx) {
        cx.removeAttachment(TransactionScopes.class);
        cx.removeAttachment(DynamoTransaction.class).ifPresent(DynamoTransaction::rollback);
        endDynamoOnly(cx);
    }

    /** What the application's driver answers where drivers differ (read once per connection). */
    private static DriverDialect dialect(ConnectionContext cx) {
        return cx.attachment(DriverDialect.class, () -> DriverDialect.of(cx.delegate()));
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

    static boolean isSelect(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "WITH", 0, 4);
    }
}
