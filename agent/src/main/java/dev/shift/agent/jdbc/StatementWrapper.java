package dev.shift.agent.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What Shift's Statement, PreparedStatement and CallableStatement wrappers share: every execution goes through
 * the {@link StatementInterceptor} as one reused {@link StatementCall}, and the statement remembers where its
 * current results live (the real statement, or an answer Shift gave) so {@code getResultSet},
 * {@code getUpdateCount}, {@code getMoreResults} and {@code getGeneratedKeys} are served from the right place.
 * Result sets MySQL returns reach the application as {@link ShiftResultSet}s naming this statement; everything
 * else is forwarded ({@link ForwardingStatement}).
 */
abstract class StatementWrapper<S extends Statement> extends ForwardingStatement<S> {

    final ShiftConnection connection;
    final StatementCall call;

    /** The current result when Shift knows it; unused while {@link #currentOnDelegate}. */
    private ResultSet resultSet;
    private long updateCount = -1;
    /** The current result is the real statement's (the interceptor ran on MySQL without answering itself). */
    private boolean currentOnDelegate;
    /** Further results ({@code getMoreResults}) and generated keys are the real statement's. */
    private boolean ranOnMysql;
    /** Keys the interceptor answered itself; null = ask the real statement. */
    private ResultSet answeredKeys;
    private List<StatementCall> batch;
    /** MySQL's result sets and generated keys as the application sees them. */
    private final MysqlResults results = new MysqlResults();
    private final MysqlResults keys = new MysqlResults();

    StatementWrapper(ShiftConnection connection, S delegate, boolean prepared, Parameters parameters, String sql) {
        super(delegate);
        this.connection = Objects.requireNonNull(connection);
        this.call = new StatementCall(connection.context(), this, new OnMysql(), prepared, parameters, sql);
    }

    // ---- how the subclass runs the current call on the real statement -------------------------------------

    abstract ResultSet queryOnMysql() throws SQLException;

    abstract long updateOnMysql() throws SQLException;

    abstract boolean executeOnMysql() throws SQLException;

    // ---- the interception paths ---------------------------------------------------------------------------

    final ResultSet interceptQuery(String sql) throws SQLException {
        StatementCall c = call.begin(sql, false);
        StatementInterceptor interceptor = Interception.current();
        ResultSet rs;
        try {
            rs = interceptor.executeQuery(c);
        } catch (RuntimeException | LinkageError e) {
            throw Errors.translate(sql, interceptor, e);
        }
        remember(c, rs, -1, false);
        return rs;
    }

    final long interceptUpdate(String sql, boolean large) throws SQLException {
        StatementCall c = call.begin(sql, large);
        StatementInterceptor interceptor = Interception.current();
        long count;
        try {
            count = interceptor.executeUpdate(c);
        } catch (RuntimeException | LinkageError e) {
            throw Errors.translate(sql, interceptor, e);
        }
        remember(c, null, count, false);
        return count;
    }

    final boolean interceptExecute(String sql) throws SQLException {
        StatementCall c = call.begin(sql, false);
        StatementInterceptor interceptor = Interception.current();
        boolean hasResultSet;
        try {
            hasResultSet = interceptor.execute(c);
        } catch (RuntimeException | LinkageError e) {
            throw Errors.translate(sql, interceptor, e);
        }
        if (c.answered()) {
            remember(c, c.answeredResultSet(), c.answeredUpdateCount(), false);
        } else {
            remember(c, null, -1, c.ranOnMysql());
        }
        return hasResultSet;
    }

    final long[] interceptBatch(boolean large) throws SQLException {
        List<StatementCall> entries = batch == null ? List.of() : batch;
        BatchCall batchCall = new BatchCall(entries, connection.context(), this, delegate, large,
                runLarge -> runLarge ? delegate.executeLargeBatch() : toLongs(delegate.executeBatch()));
        batch = null;
        StatementInterceptor interceptor = Interception.current();
        try {
            long[] counts = interceptor.executeBatch(batchCall);
            resultSet = null;
            updateCount = -1;
            currentOnDelegate = false;
            ranOnMysql = batchCall.ranOnMysql();
            answeredKeys = batchCall.answeredKeys();
            return counts;
        } catch (RuntimeException | LinkageError e) {
            throw Errors.translate("batch of " + entries.size() + " statements", interceptor, e);
        } finally {
            if (!batchCall.ranOnMysql()) {
                // The real statement holds the entries too; they must not run with the next batch.
                delegate.clearBatch();
            }
        }
    }

    final void addToBatch(StatementCall entry) {
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(entry);
    }

    private void remember(StatementCall c, ResultSet rs, long count, boolean onDelegate) {
        this.resultSet = rs;
        this.updateCount = count;
        this.currentOnDelegate = onDelegate;
        this.ranOnMysql = c.ranOnMysql();
        this.answeredKeys = c.answeredKeys();
    }

    // ---- Statement with SQL text ----------------------------------------------------------------------------

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return interceptQuery(sql);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return saturate(rawUpdate(sql, Statement.NO_GENERATED_KEYS, null, null, false));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return saturate(rawUpdate(sql, autoGeneratedKeys, null, null, false));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return saturate(rawUpdate(sql, Statement.NO_GENERATED_KEYS, copy(columnIndexes), null, false));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return saturate(rawUpdate(sql, Statement.NO_GENERATED_KEYS, null, copy(columnNames), false));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return rawUpdate(sql, Statement.NO_GENERATED_KEYS, null, null, true);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return rawUpdate(sql, autoGeneratedKeys, null, null, true);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return rawUpdate(sql, Statement.NO_GENERATED_KEYS, copy(columnIndexes), null, true);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return rawUpdate(sql, Statement.NO_GENERATED_KEYS, null, copy(columnNames), true);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return rawExecute(sql, Statement.NO_GENERATED_KEYS, null, null);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return rawExecute(sql, autoGeneratedKeys, null, null);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return rawExecute(sql, Statement.NO_GENERATED_KEYS, copy(columnIndexes), null);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return rawExecute(sql, Statement.NO_GENERATED_KEYS, null, copy(columnNames));
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        delegate.addBatch(sql);
        addToBatch(call.snapshot().begin(sql, false).keys(Statement.NO_GENERATED_KEYS, null, null));
    }

    /** Plain statements record the SQL per call; prepared statements refuse SQL text (JDBC). */
    long rawUpdate(String sql, int autoGeneratedKeys, int[] columnIndexes, String[] columnNames, boolean large)
            throws SQLException {
        call.keys(autoGeneratedKeys, columnIndexes, columnNames);
        return interceptUpdate(sql, large);
    }

    boolean rawExecute(String sql, int autoGeneratedKeys, int[] columnIndexes, String[] columnNames)
            throws SQLException {
        call.keys(autoGeneratedKeys, columnIndexes, columnNames);
        return interceptExecute(sql);
    }

    // ---- batches and results --------------------------------------------------------------------------------

    @Override
    public void clearBatch() throws SQLException {
        delegate.clearBatch();
        batch = null;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = interceptBatch(false);
        int[] ints = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            ints[i] = saturate(counts[i]);
        }
        return ints;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return interceptBatch(true);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return currentOnDelegate ? results.view(delegate.getResultSet()) : resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return currentOnDelegate ? delegate.getUpdateCount() : saturate(updateCount);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return currentOnDelegate ? delegate.getLargeUpdateCount() : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        if (ranOnMysql) {
            currentOnDelegate = true;
            return current == Statement.CLOSE_CURRENT_RESULT ? delegate.getMoreResults()
                    : delegate.getMoreResults(current);
        }
        // Shift answers carry exactly one result.
        if (resultSet != null && current != Statement.KEEP_CURRENT_RESULT) {
            resultSet.close();
        }
        resultSet = null;
        updateCount = -1;
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        if (answeredKeys != null) {
            return answeredKeys;
        }
        if (ranOnMysql) {
            return keys.view(delegate.getGeneratedKeys());
        }
        return GeneratedKeys.resultSet(connection.delegate());
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!currentOnDelegate && resultSet != null && !ranOnMysql) {
                resultSet.close(); // Shift's own answer: the real statement does not know it.
            }
        } finally {
            resultSet = null;
            answeredKeys = null;
            batch = null;
            results.forget();
            keys.forget();
            delegate.close();
        }
    }

    static int saturate(long count) {
        if (count > Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return count < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) count;
    }

    private static long[] toLongs(int[] counts) {
        long[] longs = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            longs[i] = counts[i];
        }
        return longs;
    }

    private static int[] copy(int[] a) {
        return a == null ? null : a.clone();
    }

    private static String[] copy(String[] a) {
        return a == null ? null : a.clone();
    }

    /** The handle {@link StatementCall#onMysql()} returns: one per statement, no allocation per call. */
    private final class OnMysql implements MysqlExecution {

        @Override
        public ResultSet executeQuery() throws SQLException {
            call.markRanOnMysql();
            return results.view(queryOnMysql());
        }

        @Override
        public long executeUpdate() throws SQLException {
            call.markRanOnMysql();
            return updateOnMysql();
        }

        @Override
        public boolean execute() throws SQLException {
            call.markRanOnMysql();
            return executeOnMysql();
        }

        @Override
        public ResultSet generatedKeys() throws SQLException {
            return keys.view(delegate.getGeneratedKeys());
        }

        @Override
        public Statement statement() {
            return delegate;
        }
    }

    /**
     * Hands out MySQL's result sets as {@link ShiftResultSet}s whose statement is this one, so the driver's statement
     * (and through it the driver's connection) never reaches the application; the same view while the driver
     * returns the same result set, as an application calling {@code getResultSet()} twice expects.
     */
    private final class MysqlResults {
        private ResultSet onMysql;
        private ResultSet view;

        ResultSet view(ResultSet driverResult) {
            if (driverResult == null) {
                return null;
            }
            if (driverResult != onMysql) {
                onMysql = driverResult;
                view = new ShiftResultSet(driverResult, StatementWrapper.this);
            }
            return view;
        }

        void forget() {
            onMysql = null;
            view = null;
        }
    }
}
