package dev.shift.agent.route;

import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.ItemStore;
import dev.shift.agent.dynamo.WriteOutcome;
import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.sql.CopyPlan;
import dev.shift.agent.sql.CopyPlanner;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One protocol per write mode, for a single statement and a JDBC batch alike ({@link Writes}), under auto-commit
 * or inside the application's transaction, and the COMMIT that completes each:
 * <ul>
 *   <li>{@link #dualWrite} (phases 2-3): the rows are recorded in the outbox, MySQL runs, DynamoDB follows; a DynamoDB
 *       failure never fails the request, it leaves the record to be resolved from MySQL.</li>
 *   <li>{@link #dynamoFirst} (phase 4): MySQL runs in a transaction (the application's, or one of its own), DynamoDB is
 *       written before MySQL commits, and its refusal rolls MySQL back and fails the request.</li>
 *   <li>{@link #dynamoOnly} (phase 5): DynamoDB alone, each write leaving a reverse-log entry for MySQL.</li>
 * </ul>
 */
final class WriteProtocols {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.route");

    private final ItemStore store;
    private final IdCounters ids;
    private final PendingChanges changes;
    private final ShiftMetrics metrics;
    private final StoreTiming timing;
    private final ShadowReads shadow;
    private final CopyPlanner copies;
    /** The statements whose locking read MySQL refused, told once each. */
    private final java.util.Set<String> refusedReads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    WriteProtocols(ItemStore store, IdCounters ids, PendingChanges changes, ShiftMetrics metrics, StoreTiming timing,
            ShadowReads shadow, CopyPlanner copies) {
        this.store = store;
        this.copies = copies;
        this.ids = ids;
        this.changes = changes;
        this.metrics = metrics;
        this.timing = timing;
        this.shadow = shadow;
    }

    // ------------------------------------------------------------------------------------- phases 2-3

    /**
     * MySQL first and authoritative; DynamoDB follows. Under auto-commit the statements commit as they run, so their
     * rows are recorded before they run, by what the statements name (an INSERT whose id MySQL will choose: its
     * partition); a DynamoDB side that fails only leaves the record unsettled.
     */
    long[] dualWrite(Writes w) throws SQLException {
        ConnectionContext cx = w.connection();
        writeStarted(w.table());
        try {
            if (!cx.autoCommit()) {
                return stage(w, cx.attachment(TransactionScopes.class, TransactionScopes::new), transaction(cx), false);
            }
            CopyPlan.Matched naming = namingRead(w, false);
            if (naming != null) {
                return dualWriteNamed(w, naming);
            }
            long entry = changes.record(w.scopes(null));
            long[] counts;
            try {
                counts = onMysql(w);
            } catch (SQLException e) {
                changes.unsettled(entry, e);   // e.g. the connection broke after MySQL committed: check the rows
                throw e;
            }
            try {
                Long[] generated = w.generatedIds();
                DynamoTransaction tx = transaction(cx);
                for (int i = 0; i < w.size(); i++) {
                    if (w.plans.get(i) != null) {
                        mirror(tx, w.plans.get(i), w.params.get(i), generated[i], null);
                    }
                }
                changes.settled(entry);
            } catch (SQLException | RuntimeException e) {
                missed(entry, e);
            }
            return counts;
        } finally {
            writeFinished(w.table());
        }
    }

    /**
     * {@link #dualWrite} under auto-commit, for a statement whose rows MySQL names ({@link #namingRead}): it runs in a
     * transaction of Shift's own, so the read's locks last until MySQL commits; its rows are recorded before that
     * commit, and DynamoDB follows it. A DynamoDB side that does not count the rows MySQL changed (an item that drifted
     * from its row) leaves the record unsettled: the rows are copied from MySQL.
     */
    private long[] dualWriteNamed(Writes w, CopyPlan.Matched naming) throws SQLException {
        ConnectionContext cx = w.connection();
        Connection mysql = cx.delegate();
        DynamoTransaction tx = transaction(cx);
        mysql.setAutoCommit(false);
        boolean committed = false;
        List<RowScope> rows;
        long[] counts;
        long entry;
        try {
            rows = lockedRows(naming, w);
            counts = onMysql(w);
            entry = changes.record(w.scopes(null));
            commitMysql(cx, tx, entry);
            committed = true;
        } finally {
            if (!committed) {
                OwnTransaction.abandon(mysql);
            }
        }
        List<RowScope> named = named(rows, counts[0]);
        try {
            WriteOutcome outcome = mirror(tx, w.plans.get(0), w.params.get(0), null, named);
            if (named == null || outcome.updateCount() == counts[0]) {
                changes.settled(entry);
            } else {
                changes.unsettled(entry, null);
            }
        } catch (SQLException | RuntimeException e) {
            missed(entry, e);
        }
        return counts;
    }

    // ------------------------------------------------------------------------------------------ phase 4

    /**
     * DynamoDB answers the reads, so a write the application saw succeed must be in DynamoDB. The statements join the
     * open transaction, or run in one of their own under auto-commit; at COMMIT DynamoDB is written before MySQL
     * commits, and if DynamoDB refuses, MySQL rolls back and the application gets the error.
     */
    long[] dynamoFirst(Writes w) throws SQLException {
        ConnectionContext cx = w.connection();
        if (cx.autoCommit() && w.size() == 1 && w.plans.get(0) != null && w.plans.get(0).appliesAtOnce(w.params.get(0))) {
            return dynamoFirstAtOnce(w);
        }
        if (cx.autoCommit()) {
            return inOwnTransaction(cx, (scopes, tx) -> stage(w, scopes, tx, true));
        }
        writeStarted(w.table());
        try {
            return stage(w, cx.attachment(TransactionScopes.class, TransactionScopes::new), transaction(cx), true);
        } finally {
            writeFinished(w.table());
        }
    }

    /**
     * One auto-commit statement whose DynamoDB write follows from the statement alone (by full key, a plain INSERT, an
     * upsert, or the key a unique index gives; {@link WritePlan#appliesAtOnce}): MySQL runs it in a transaction of its own, its rows are recorded, DynamoDB takes the one write, then
     * MySQL commits. Nothing is read first: the write carries its own condition, and the row lock the statement holds
     * in MySQL keeps every other writer of the row waiting until it commits, so DynamoDB takes their writes in MySQL's
     * order. The record written before DynamoDB is what heals a crash or an unknown outcome between the two, and a
     * write DynamoDB counted otherwise than MySQL did (an item that drifted from its row).
     */
    private long[] dynamoFirstAtOnce(Writes w) throws SQLException {
        ConnectionContext cx = w.connection();
        Connection mysql = cx.delegate();
        mysql.setAutoCommit(false);
        boolean committed = false;
        writeStarted(w.table());
        try {
            List<RowScope> rows = lockedRows(namingRead(w, false), w);
            long[] counts = onMysql(w);
            Long[] generated = w.generatedIds();
            long entry = changes.record(w.scopes(generated));
            DynamoTransaction tx = transaction(cx);
            WriteOutcome outcome;
            try {
                outcome = mirror(tx, w.plans.get(0), w.params.get(0), generated[0], named(rows, counts[0]));
            } catch (SQLException | RuntimeException e) {
                metrics.error(Store.DYNAMODB);
                OwnTransaction.rollbackQuietly(mysql);
                changes.unsettled(entry, e);   // a timeout may still have applied it: MySQL's state is put back
                throw dynamoRefused(e);
            }
            commitMysql(cx, tx, entry);
            committed = true;
            if (outcome.updateCount() == counts[0]) {
                changes.settled(entry);
            } else {
                // DynamoDB's item did not match as MySQL's row did (it drifted): the rows are copied from MySQL
                changes.unsettled(entry, null);
            }
            return counts;
        } finally {
            writeFinished(w.table());
            if (!committed) {
                OwnTransaction.abandon(mysql);
            }
        }
    }

    /** Work done inside {@link #inOwnTransaction}. */
    private interface TransactionWork<T> {
        T run(TransactionScopes scopes, DynamoTransaction tx) throws SQLException;
    }

    /**
     * Runs auto-commit statements of phase 4 as a transaction of their own (MySQL's auto-commit off for its
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
            commitDualWrite(cx, scopes, tx);
            committed = true;
            return result;
        } finally {
            writeFinished(null);
            if (!committed) {
                tx.rollback();
                OwnTransaction.abandon(mysql);
            }
        }
    }

    /**
     * Statements inside a transaction: MySQL runs them, their rows join {@code scopes}, their DynamoDB writes the
     * buffer. A DynamoDB failure fails the statement when {@code dynamoFirst} (phase 4); otherwise it marks the
     * transaction broken, to be resolved from MySQL after COMMIT.
     */
    private long[] stage(Writes w, TransactionScopes scopes, DynamoTransaction tx, boolean dynamoFirst)
            throws SQLException {
        if (dynamoFirst) {
            scopes.stagedDynamoFirst();
        }
        List<RowScope> rows = lockedRows(namingRead(w, true), w);
        long[] counts = onMysql(w);
        Long[] generated = w.generatedIds();
        for (int i = 0; i < w.size(); i++) {
            WritePlan plan = w.plans.get(i);
            if (plan == null) {
                continue;
            }
            scopes.add(plan.scope(w.params.get(i), generated[i]));
            if (scopes.isBroken()) {
                continue;
            }
            try {
                mirror(tx, plan, w.params.get(i), generated[i], i == 0 ? named(rows, counts[0]) : null);
            } catch (SQLException | RuntimeException e) {
                // The buffer now lacks this statement: should the application commit anyway, the rows are
                // copied from MySQL after its commit instead of sending an incomplete buffer.
                scopes.markBroken();
                if (dynamoFirst) {
                    throw dynamoRefused(e);
                }
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------------------------------ phase 5

    /** DynamoDB alone; its errors are the application's errors. The ids Shift gives go back as generated keys. */
    long[] dynamoOnly(Writes w) throws SQLException {
        for (int i = 0; i < w.size(); i++) {
            if (w.plans.get(i) == null) {
                // Mixing tables Shift does not migrate into a DynamoDB-only batch cannot be done atomically.
                throw ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift: in a DynamoDB-only phase a batch "
                        + "cannot mix migrated and other tables [" + w.sql(i) + "]");
            }
        }
        ConnectionContext cx = w.connection();
        return timing.write(Store.DYNAMODB, () -> {
            DynamoTransaction tx = transaction(cx);
            IdSource allocator = ids.on(cx.delegate());
            long[] counts = new long[w.size()];
            List<Long> keys = new ArrayList<>();
            for (int i = 0; i < w.size(); i++) {
                tx.mysqlNotWritten();   // MySQL will need this change when it is used again (reverse sync)
                WriteOutcome outcome = tx.execute(w.plans.get(i), w.params.get(i), allocator);
                counts[i] = outcome.updateCount();
                if (outcome.generatedKey() != null) {
                    keys.add(outcome.generatedKey());
                }
            }
            if (!keys.isEmpty()) {
                w.answerGeneratedKeys(keys.stream().mapToLong(Long::longValue).toArray());
            }
            return counts;
        });
    }

    // ------------------------------------------------------------------------------------------ COMMIT

    /**
     * Commits a dual-written transaction, the way its statements were staged. Its rows are recorded first (the record
     * is what survives any failure or crash from here on). Phases 2-3: MySQL commits, then DynamoDB; a DynamoDB failure
     * leaves the record unsettled. Phase 4: DynamoDB commits, then MySQL; a DynamoDB failure rolls MySQL back and
     * fails the COMMIT; a MySQL failure after it leaves the record unsettled, so DynamoDB is put back to MySQL's state.
     */
    void commitDualWrite(ConnectionContext cx, TransactionScopes scopes, DynamoTransaction tx) throws SQLException {
        long entry;
        try {
            entry = changes.record(scopes.scopes());
        } catch (SQLException e) {
            tx.rollback();
            throw e;   // MySQL has not committed; the application rolls back
        }
        if (scopes.dynamoFirst() && !scopes.isBroken()) {
            try {
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                metrics.error(Store.DYNAMODB);
                OwnTransaction.rollbackQuietly(cx.delegate());
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

    /**
     * Commits MySQL. A transaction of Shift's own (the application's connection is in auto-commit mode) is committed by
     * giving the connection its auto-commit back: JDBC commits a transaction whose connection returns to auto-commit,
     * so one round trip does both.
     */
    private void commitMysql(ConnectionContext cx, DynamoTransaction tx, long entry) throws SQLException {
        try {
            if (cx.autoCommit()) {
                cx.delegate().setAutoCommit(true);
            } else {
                cx.delegate().commit();
            }
        } catch (SQLException e) {
            tx.rollback();
            changes.unsettled(entry, e);
            throw e;
        }
    }

    /** DynamoDB is authoritative (phase 5): it commits first; MySQL (tables Shift does not migrate) follows. */
    void commitDynamoOnly(ConnectionContext cx, DynamoTransaction tx) throws SQLException {
        try {
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            metrics.error(Store.DYNAMODB);
            cx.delegate().rollback();
            throw e;
        }
        cx.delegate().commit();
    }

    // ------------------------------------------------------------------------------------------ shared

    /** The connection's DynamoDB side, following the application's auto-commit mode. */
    DynamoTransaction transaction(ConnectionContext cx) throws SQLException {
        DynamoTransaction tx = cx.attachment(DynamoTransaction.class, () -> new DynamoTransaction(store));
        if (tx.autoCommit() != cx.autoCommit()) {
            tx.setAutoCommit(cx.autoCommit());
        }
        return tx;
    }

    /** Tells the shadow reads a write on {@code table} (null: every table) begins, so they do not judge across it. */
    void writeStarted(String table) {
        if (shadow != null) {
            shadow.writeStarted(table);
        }
    }

    void writeFinished(String table) {
        if (shadow != null) {
            shadow.writeFinished(table);
        }
    }

    private long[] onMysql(Writes w) throws SQLException {
        return timing.write(Store.MYSQL, w::runOnMysql);
    }

    /**
     * Gives DynamoDB the change MySQL took (or, in a transaction, buffers it until COMMIT); {@code mysqlRows}: the
     * rows MySQL named for it, or null (DynamoDB is read to find them).
     */
    private WriteOutcome mirror(DynamoTransaction tx, WritePlan write, List<Object> params, Long generatedId,
            List<RowScope> mysqlRows) throws SQLException {
        return timing.write(Store.DYNAMODB, () -> tx.execute(write, params,
                generatedId == null ? IdSource.NONE : IdSource.fixed(generatedId), mysqlRows));
    }

    /**
     * The locking read by which MySQL names the rows a single UPDATE or DELETE changes ({@link
     * WritePlan#takesMysqlRows}): the statement's own WHERE, run in its transaction just before it, so the rows it
     * locks are those the statement then changes. Null when the statement's DynamoDB writes follow from the statement
     * itself (nothing to find), or for a JDBC batch.
     */
    private CopyPlan.Matched namingRead(Writes w, boolean buffered) {
        WritePlan plan = w.size() == 1 ? w.plans.get(0) : null;
        if (plan == null || !plan.takesMysqlRows() || !plan.findsItemsByReading(buffered)) {
            return null;
        }
        return copies.plan(w.sql(0)) instanceof CopyPlan.Matched m ? m : null;
    }

    /** Runs {@link #namingRead} (null: none): the rows' keys, or null when there were too many to follow. */
    private List<RowScope> lockedRows(CopyPlan.Matched naming, Writes w) throws SQLException {
        if (naming == null) {
            return null;
        }
        CopiedWrites.Pending found;
        try {
            found = timing.write(Store.MYSQL,
                    () -> CopiedWrites.before(naming, w.connection().delegate(), w.params.get(0), false));
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("42")) {
                throw e;   // a lock wait or deadlock, as the statement itself would have met
            }
            // MySQL refused Shift's own SELECT (a privilege the statement does not need, SQL it reads otherwise):
            // that leaves the statement's transaction as it was, and DynamoDB is searched instead.
            if (refusedReads.size() < 1000 && refusedReads.add(w.sql(0))) {
                LOG.log(System.Logger.Level.WARNING, "Shift: MySQL refused the locking read that names the rows of ["
                        + w.sql(0) + "]; their items are found in DynamoDB instead: " + e.getMessage());
            }
            return null;
        }
        if (found.reason() != null) {
            return null;
        }
        List<RowScope> rows = new ArrayList<>(found.before());
        rows.removeIf(java.util.Objects::isNull);
        return rows;
    }

    /**
     * The rows to hand the plan: those MySQL named, when the statement changed as many (with a phantom row, under READ
     * COMMITTED, or a driver that counts changed rather than matched rows, DynamoDB is read to find them instead).
     */
    private static List<RowScope> named(List<RowScope> rows, long count) {
        return rows != null && rows.size() == count ? rows : null;
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
}
