package dev.shift.agent.validation;

import dev.shift.agent.dynamo.ItemReader;
import dev.shift.agent.dynamo.MysqlRows;
import dev.shift.agent.execute.ReadExecution;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.agent.jdbc.MysqlPool;
import dev.shift.agent.jdbc.MysqlSide;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.metrics.ValidationReport;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 3's shadow reads: MySQL answered the application; here DynamoDB answers the same SELECT with the
 * same parameters, off the request path, and the two answers are compared.
 *
 * <ul>
 *   <li>A bounded executor ({@code validation.threads} daemon threads, a queue of {@code validation.queue});
 *       when it is full the comparison is skipped and counted ({@value #BUSY}) — a request never waits for
 *       it, and no thread is created beyond the configured number.</li>
 *   <li>The DynamoDB read goes to DynamoDB itself (strongly consistent Get/Query), never through the
 *       connection's transaction buffer, and never touches the application's connection.</li>
 *   <li>A SELECT whose DynamoDB plan needs MySQL (a JOIN with a table that stays in MySQL) reads that side on
 *       one of Shift's own MySQL connections (never the application's). Without them it is skipped and counted
 *       ({@value #JOIN}); the first such read of a statement finds out, later ones are skipped up front.</li>
 *   <li>The caller skips reads inside an open transaction ({@value #TRANSACTION}): MySQL's answer may hold
 *       the transaction's uncommitted changes (or an older REPEATABLE READ snapshot), which DynamoDB cannot
 *       see until COMMIT, so a comparison would report differences that are not there.</li>
 *   <li>A mismatch is read once more from DynamoDB before it is counted (an index read is only eventually
 *       consistent); a difference while the table was being written between the two reads is no verdict and
 *       is counted as skipped ({@value #RACED}, see {@link WriteWatch}); a DynamoDB error is counted, timed and
 *       reported, never thrown.</li>
 * </ul>
 */
public final class ShadowReads implements AutoCloseable {

    public static final String TRANSACTION = "transaction";
    public static final String JOIN = "join";
    public static final String BUSY = "executor-full";
    public static final String UNREADABLE = "mysql-result-not-copied";
    public static final String RESULT_SHAPE = "result-not-copyable";
    public static final String RACED = "differed-during-a-write";
    /** DynamoDB is known to lack changes MySQL committed (the outbox holds some): a difference would say nothing. */
    public static final String BEHIND = "dynamodb-behind";

    /** Column types Shift's in-memory ResultSet renders exactly as the driver does (see RowSetResultSet). */
    private static final Set<Integer> COPYABLE_TYPES = Set.of(java.sql.Types.BIGINT, java.sql.Types.INTEGER,
            java.sql.Types.DECIMAL, java.sql.Types.TIMESTAMP, java.sql.Types.VARCHAR, java.sql.Types.CHAR);

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.validation");
    private static final int MAX_STATEMENT_SHAPES = 500;
    private static final String OTHER_STATEMENTS = "(other statements)";
    private static final int SHOWN_ROWS = 20;

    private final ValidationSettings settings;
    private final ItemReader dynamo;
    private final String tableName;
    private final ShiftMetrics metrics;
    private final Clock clock;
    private final Masking masking;
    private final RowComparer comparer;
    private final ThreadPoolExecutor executor;

    private final LongAdder compared = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> skippedBy = new ConcurrentHashMap<>();
    private final Map<String, Tally> byTable = new ConcurrentHashMap<>();
    private final Map<String, Tally> byStatement = new ConcurrentHashMap<>();
    private final Set<String> joins = ConcurrentHashMap.newKeySet();
    private final Map<String, OrderBy> orders = new ConcurrentHashMap<>();   // parsed once per statement
    private final MysqlPool pool;
    private final Deque<ValidationReport.Mismatch> recent = new ArrayDeque<>();
    private volatile String lastError;

    private final WriteWatch writes = new WriteWatch();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();

    public ShadowReads(ValidationSettings settings, ItemReader dynamo, String tableName, ShiftMetrics metrics) {
        this(settings, dynamo, tableName, metrics, null, Clock.systemUTC());
    }

    /** @param mysql Shift's own MySQL connections, for the MySQL side of JOINs (null: such reads are skipped) */
    public ShadowReads(ValidationSettings settings, ItemReader dynamo, String tableName, ShiftMetrics metrics,
            MysqlConnector mysql, Clock clock) {
        this.pool = mysql == null ? null : new MysqlPool(mysql, settings.threads());
        this.settings = Objects.requireNonNull(settings);
        this.dynamo = Objects.requireNonNull(dynamo);
        this.tableName = Objects.requireNonNull(tableName);
        this.metrics = Objects.requireNonNull(metrics);
        this.clock = Objects.requireNonNull(clock);
        this.masking = new Masking(settings);
        this.comparer = new RowComparer(masking);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue()), r -> {
                    Thread t = new Thread(r, "shift-shadow-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    public ValidationSettings settings() {
        return settings;
    }

    /** Whether this read is in the sample ({@code validation.sample} percent of them). */
    public boolean sampled() {
        double p = settings.samplePercent();
        return p >= 100 || (p > 0 && ThreadLocalRandom.current().nextDouble(100) < p);
    }

    /**
     * Why this read cannot be compared before MySQL even runs it, or null: inside a transaction
     * ({@code autoCommit} false), or a statement already known to need MySQL for its DynamoDB answer.
     */
    public String reasonToSkip(ReadPlan plan, boolean autoCommit) {
        if (!autoCommit) {
            return TRANSACTION;
        }
        return joins.contains(plan.sql()) ? JOIN : null;
    }

    /**
     * Whether MySQL's result can be handed to the application as a copy without it noticing: a forward-only,
     * read-only result whose columns all have types the in-memory ResultSet renders like the driver. Otherwise
     * the application gets the driver's own ResultSet and the read is skipped ({@value #RESULT_SHAPE}).
     */
    public static boolean copyable(java.sql.ResultSet rs, java.sql.Statement statement) {
        try {
            if (statement.getResultSetType() != java.sql.ResultSet.TYPE_FORWARD_ONLY
                    || statement.getResultSetConcurrency() != java.sql.ResultSet.CONCUR_READ_ONLY) {
                return false;
            }
            java.sql.ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (!COPYABLE_TYPES.contains(md.getColumnType(i))) {
                    return false;
                }
            }
            return true;
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** A write on a migrated table (null: every table, e.g. a COMMIT) begins; see {@link WriteWatch}. */
    public void writeStarted(String table) {
        writes.started(table);
    }

    /** The write announced by {@link #writeStarted} is done (call it in a finally). */
    public void writeFinished(String table) {
        writes.finished(table);
    }

    /** Opens the window of a comparison: call before MySQL runs the statement, pass it to {@link #submit}. */
    public WriteWatch.Window window(ReadPlan plan) {
        return writes.open(plan.table());
    }

    /** Counts an eligible read that is not compared. */
    public void skip(ReadPlan plan, String reason) {
        skipped.increment();
        skippedBy.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /**
     * Compares {@code mysql} (what the application got) with DynamoDB's answer, later, on the executor.
     * Never throws and never blocks; when the executor is full the comparison is skipped and counted.
     *
     * @param params the statement's parameters (a copy the caller no longer changes)
     */
    public void submit(ReadPlan plan, List<Object> params, RowSet mysql) {
        submit(plan, params, mysql, null);
    }

    /** As {@link #submit(ReadPlan, List, RowSet)}, with the window opened before MySQL's read (null: none). */
    public void submit(ReadPlan plan, List<Object> params, RowSet mysql, WriteWatch.Window window) {
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    compare(plan, params, mysql, window);
                } catch (Throwable t) {   // a bug here must not kill the thread silently
                    error(plan, "comparison failed: " + t, false);
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException e) {
            done();
            skip(plan, BUSY);
        }
    }

    private void compare(ReadPlan plan, List<Object> params, RowSet mysql, WriteWatch.Window window) {
        RowSet answer;
        try {
            answer = readDynamo(plan, params);
        } catch (NeedsMysql e) {
            if (joins.size() < 10_000) {
                joins.add(plan.sql());
            }
            skip(plan, JOIN);
            return;
        } catch (SQLException | RuntimeException e) {
            error(plan, e.getMessage() == null ? e.toString() : e.getMessage(), true);
            return;
        }
        OrderBy order = orderBy(plan.sql());
        String difference = comparer.compare(mysql, answer, order);
        if (difference != null) {
            // Once more: a GSI read is only eventually consistent, and DynamoDB may just have caught up.
            try {
                RowSet again = readDynamo(plan, params);
                if (comparer.compare(mysql, again, order) == null) {
                    difference = null;
                } else {
                    answer = again;
                }
            } catch (SQLException | RuntimeException e) {
                // keep the first answer
            }
        }
        if (difference != null && window != null && !window.quiet()) {
            skip(plan, RACED);   // the table was written between the two reads: no verdict
            return;
        }
        compared.increment();
        Tally table = tally(byTable, plan.table());
        Tally statement = tally(byStatement, statementKey(plan.sql()));
        table.compared.increment();
        statement.compared.increment();
        if (difference == null) {
            matched.increment();
            return;
        }
        mismatches.increment();
        table.mismatches.increment();
        statement.mismatches.increment();
        ValidationReport.Mismatch m = new ValidationReport.Mismatch(clock.instant(), plan.table(), key(plan, params),
                difference, plan.sql(), masking.parameters(plan.sql(), params), masking.render(mysql, SHOWN_ROWS),
                masking.render(answer, SHOWN_ROWS));
        synchronized (recent) {
            recent.addFirst(m);
            while (recent.size() > settings.recent()) {
                recent.removeLast();
            }
        }
        long n = statement.mismatches.sum();
        if (Long.bitCount(n) == 1) {   // the 1st, 2nd, 4th, 8th… of a statement: loud, never a flood
            LOG.log(System.Logger.Level.WARNING, () -> "Shift shadow read: DynamoDB's answer differs from MySQL's on "
                    + plan.table() + " (" + n + " so far for this statement) [" + plan.sql() + "] " + m.parameters()
                    + ": " + m.detail());
        }
    }

    private OrderBy orderBy(String sql) {
        OrderBy o = orders.get(sql);
        if (o == null) {
            o = OrderBy.of(sql);
            if (orders.size() < MAX_STATEMENT_SHAPES) {
                orders.put(sql, o);
            }
        }
        return o;
    }

    private RowSet readDynamo(ReadPlan plan, List<Object> params) throws SQLException {
        long start = System.nanoTime();
        boolean timed = true;
        try {
            MysqlRows mysqlSide = pool == null ? NeedsMysql.REFUSE
                    : (sql, p) -> pool.with(c -> new MysqlSide(c).query(sql, p));
            return ReadExecution.run(plan, dynamo, params, mysqlSide);
        } catch (NeedsMysql e) {
            timed = false;   // not a whole read: the JOIN's MySQL side was refused
            throw e;
        } finally {
            if (timed) {
                metrics.recordRead(Store.DYNAMODB, System.nanoTime() - start);
            }
        }
    }

    private void error(ReadPlan plan, String message, boolean dynamoError) {
        errors.increment();
        tally(byTable, plan.table()).errors.increment();
        tally(byStatement, statementKey(plan.sql())).errors.increment();
        if (dynamoError) {
            metrics.error(Store.DYNAMODB);
        }
        String m = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        lastError = m;
        LOG.log(System.Logger.Level.DEBUG, () -> "Shift shadow read failed on " + plan.table() + ": " + m);
    }

    private String key(ReadPlan plan, List<Object> params) {
        try {
            List<ReadRequest> requests = plan.requests(params);
            return requests.isEmpty() ? "(no read: NULL key)" : requests.get(0).describe(tableName)
                    + (requests.size() > 1 ? " (+" + (requests.size() - 1) + " more keys)" : "");
        } catch (SQLException | RuntimeException e) {
            return "?";
        }
    }

    private String statementKey(String sql) {
        return byStatement.containsKey(sql) || byStatement.size() < MAX_STATEMENT_SHAPES ? sql : OTHER_STATEMENTS;
    }

    private static Tally tally(Map<String, Tally> map, String key) {
        return map.computeIfAbsent(key, k -> new Tally());
    }

    private void done() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until every submitted comparison has finished (tests, shutdown); false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** The report {@code GET /api/migration/validation} serves. */
    public ValidationReport report() {
        Map<String, Long> skippedByReason = new HashMap<>();
        skippedBy.forEach((k, v) -> skippedByReason.put(k, v.sum()));
        List<ValidationReport.Mismatch> latest;
        synchronized (recent) {
            latest = List.copyOf(recent);
        }
        return new ValidationReport(true, settings.samplePercent(), compared.sum(), matched.sum(), mismatches.sum(),
                skipped.sum(), errors.sum(), lastError, skippedByReason, counts(byTable), counts(byStatement), latest);
    }

    private static Map<String, ValidationReport.Counts> counts(Map<String, Tally> tallies) {
        Map<String, ValidationReport.Counts> out = new HashMap<>();
        tallies.forEach((k, t) -> out.put(k, new ValidationReport.Counts(t.compared.sum(), t.mismatches.sum(), t.errors.sum())));
        return out;
    }

    /** Stops taking work; comparisons already queued are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (pool != null) {
            pool.close();
        }
    }

    private static final class Tally {
        final LongAdder compared = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    /** The shadow read's MySQL side: refused, the JOIN is skipped (see the class comment). */
    private static final class NeedsMysql extends SQLException {
        static final MysqlRows REFUSE = (sql, params) -> {
            throw new NeedsMysql();
        };

        NeedsMysql() {
            super("the shadow read would need MySQL (a JOIN)", "HY000");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;   // control flow, not a failure
        }
    }
}
