package dev.shift.agent.route;

import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.PassThroughInterceptor;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.SqlPlanner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What serves statements while Shift starts (DynamoDB, the flag store and the admin port come up on a
 * background thread). Statements on tables Shift does not migrate pass straight through; statements on
 * migrated tables wait until start-up is done — so in a restart into phase 5 nothing slips into MySQL —
 * and then go to whatever serves statements by then: the router, or pass-through if start-up failed. In phase 1
 * with the file flag store it opens at once (nothing that is starting is needed there); the migrated statements it
 * lets through to MySQL meanwhile are kept for the statements list, which the router takes over.
 */
public final class StartingGate implements StatementInterceptor {

    private static final long MAX_WAIT_SECONDS = 60;
    /** How many statements served early are kept for the statements list (an application's start-up, not its life). */
    static final int MAX_SERVED_EARLY = 10_000;

    private final SqlPlanner planner;
    private final CountDownLatch started = new CountDownLatch(1);
    private final StatementInterceptor passThrough = PassThroughInterceptor.INSTANCE;
    private final Queue<ServedEarly> servedEarly = new ConcurrentLinkedQueue<>();
    private final AtomicInteger servedEarlyCount = new AtomicInteger();

    /** A statement on a migrated table that went to MySQL through the open gate before the router took over. */
    public record ServedEarly(StatementPlan plan, boolean write) {
    }

    private StartingGate(SqlPlanner planner) {
        this.planner = planner;
    }

    /** Installs a gate as the statement interceptor until start-up replaces it. */
    public static StartingGate install(SqlPlanner planner) {
        StartingGate gate = new StartingGate(planner);
        Interception.install(gate);
        return gate;
    }

    /** Start-up finished, one way or the other. */
    public void open() {
        started.countDown();
    }

    private StatementInterceptor target(String sql, boolean write) throws SQLException {
        StatementPlan plan = planner.plan(sql);
        if (plan instanceof NotMigrated) {
            return passThrough;
        }
        StatementInterceptor after = afterStart();
        if (after == passThrough && Interception.current() == this) {
            // Opened early (phase 1): MySQL serves it; the statements list must still hear of it.
            if (servedEarlyCount.incrementAndGet() <= MAX_SERVED_EARLY) {
                servedEarly.add(new ServedEarly(plan, write && !(plan instanceof ReadPlan)));
            }
        }
        return after;
    }

    /** The statements served early so far (each once), for the router's statements list when it takes over. */
    public List<ServedEarly> drainServedEarly() {
        List<ServedEarly> out = new ArrayList<>();
        ServedEarly e;
        while ((e = servedEarly.poll()) != null) {
            out.add(e);
        }
        return out;
    }

    private StatementInterceptor afterStart() throws SQLException {
        try {
            if (!started.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw ShiftErrors.of(ShiftErrors.Reason.NOT_READY, "Shift is still starting after " + MAX_WAIT_SECONDS
                        + " s (DynamoDB or the "
                        + "flag store is slow to answer); the statement was not run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShiftErrors.of(ShiftErrors.Reason.NOT_READY, "interrupted while Shift was starting", e);
        }
        StatementInterceptor current = Interception.current();
        return current == this ? passThrough : current;
    }

    @Override
    public ResultSet executeQuery(StatementCall call) throws SQLException {
        return target(call.sql(), false).executeQuery(call);
    }

    @Override
    public long executeUpdate(StatementCall call) throws SQLException {
        return target(call.sql(), true).executeUpdate(call);
    }

    @Override
    public boolean execute(StatementCall call) throws SQLException {
        return target(call.sql(), !ShiftRouter.isSelect(call.sql())).execute(call);
    }

    @Override
    public long[] executeBatch(BatchCall batch) throws SQLException {
        StatementInterceptor target = passThrough;
        for (StatementCall entry : batch.statements()) {
            // Waits for start-up when the entry is on a migrated table; counted for the statements list if served early.
            StatementInterceptor t = target(entry.sql(), true);
            if (t != passThrough) {
                target = t;
            }
        }
        return target.executeBatch(batch);
    }

    @Override
    public void commit(ConnectionContext cx) throws SQLException {
        StatementInterceptor current = Interception.current();
        (current == this ? passThrough : current).commit(cx);
    }

    @Override
    public void rollback(ConnectionContext cx) throws SQLException {
        StatementInterceptor current = Interception.current();
        (current == this ? passThrough : current).rollback(cx);
    }

    @Override
    public void close(ConnectionContext cx) {
        StatementInterceptor current = Interception.current();
        (current == this ? passThrough : current).close(cx);
    }
}
