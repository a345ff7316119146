package dev.shift.agent.route;

import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.PassThroughInterceptor;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.SqlPlanner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What serves statements while Shift starts (DynamoDB, the flag store and the admin port come up on a
 * background thread). Statements on tables Shift does not migrate pass straight through; statements on
 * migrated tables wait until start-up is done — so in a restart into phase 5 nothing slips into MySQL —
 * and then go to whatever serves statements by then: the router, or pass-through if start-up failed. In phase 1
 * with the file flag store it opens at once ({@link #openEarly}); what it lets through to MySQL meanwhile is kept for
 * the statements list, which the router takes over.
 */
public final class StartingGate implements StatementInterceptor {

    private static final long MAX_WAIT_SECONDS = 60;
    /** How many distinct statements served early are kept for the statements list (an application's start-up). */
    static final int MAX_SERVED_EARLY = 10_000;

    /** Tells migrated statements from others; prepared on Shift's start-up thread, off the application's main. */
    private volatile SqlPlanner planner;
    private final CountDownLatch prepared = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final StatementInterceptor passThrough = PassThroughInterceptor.INSTANCE;
    /** Statements served through the gate opened early, by their text: planned when the router takes over. */
    private final Map<String, ServedEarly> servedEarly = new ConcurrentHashMap<>();
    private volatile boolean openedEarly;

    /** A statement that went to MySQL through the gate opened early, and how often, as a read or as a write. */
    public record ServedEarly(String sql, LongAdder reads, LongAdder writes) {
        ServedEarly(String sql) {
            this(sql, new LongAdder(), new LongAdder());
        }
    }

    private StartingGate() {
    }

    /** Installs a gate as the statement interceptor until start-up replaces it. */
    public static StartingGate install() {
        StartingGate gate = new StartingGate();
        Interception.install(gate);
        return gate;
    }

    /** The planner is ready: statements on tables Shift does not migrate pass from now on. */
    public void prepared(SqlPlanner ready) {
        planner = ready;
        prepared.countDown();
    }

    /** Start-up finished, one way or the other. */
    public void open() {
        prepared.countDown();
        started.countDown();
    }

    /**
     * Phase 1: nothing of what is still starting is needed, so every statement goes to MySQL at once, without even
     * being parsed on the application's thread (at its start, the SQL parser's first use is its slowest); their texts
     * are kept for the statements list and planned when the router takes over.
     */
    public void openEarly() {
        openedEarly = true;
        open();
    }

    private StatementInterceptor target(String sql, boolean write) throws SQLException {
        if (openedEarly && Interception.current() == this) {
            keep(sql, write);
            return passThrough;
        }
        await(prepared);
        SqlPlanner ready = planner;
        if (ready != null && ready.plan(sql) instanceof NotMigrated) {
            return passThrough;
        }
        return afterStart();
    }

    private void keep(String sql, boolean write) {
        ServedEarly e = servedEarly.get(sql);
        if (e == null) {
            if (servedEarly.size() >= MAX_SERVED_EARLY) {
                return;
            }
            e = servedEarly.computeIfAbsent(sql, ServedEarly::new);
        }
        (write ? e.writes() : e.reads()).increment();
    }

    /** The statements served early so far (each once), for the router's statements list when it takes over. */
    public List<ServedEarly> drainServedEarly() {
        List<ServedEarly> out = new ArrayList<>();
        for (String sql : List.copyOf(servedEarly.keySet())) {
            ServedEarly e = servedEarly.remove(sql);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private StatementInterceptor afterStart() throws SQLException {
        await(started);
        StatementInterceptor current = Interception.current();
        return current == this ? passThrough : current;
    }

    private static void await(CountDownLatch latch) throws SQLException {
        try {
            if (!latch.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw ShiftErrors.of(ShiftErrors.Reason.NOT_READY, "Shift is still starting after " + MAX_WAIT_SECONDS
                        + " s (DynamoDB or the "
                        + "flag store is slow to answer); the statement was not run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShiftErrors.of(ShiftErrors.Reason.NOT_READY, "interrupted while Shift was starting", e);
        }
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
