package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShiftStatementTest {

    private final StubConnection driver = new StubConnection();
    private final RecordingInterceptor interceptor = new RecordingInterceptor();
    private Connection connection;

    @BeforeEach
    void wrap() {
        Interception.install(interceptor);
        connection = JdbcWrapping.wrap(driver);
    }

    @AfterEach
    void reset() {
        Interception.reset();
    }

    @Test
    void everyPlainStatementPathGoesThroughTheInterceptorWithTheSameOverloadOnMysql() throws SQLException {
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT 1");
        statement.executeUpdate("DELETE FROM t");
        statement.executeUpdate("INSERT INTO t VALUES (1)", Statement.RETURN_GENERATED_KEYS);
        statement.executeUpdate("INSERT INTO t VALUES (2)", new String[] {"id"});
        statement.executeLargeUpdate("UPDATE t SET a = 1");
        statement.execute("CALL p()");

        assertEquals(List.of("executeQuery SELECT 1", "executeUpdate DELETE FROM t",
                "executeUpdate INSERT INTO t VALUES (1)", "executeUpdate INSERT INTO t VALUES (2)",
                "executeUpdate UPDATE t SET a = 1", "execute CALL p()"), interceptor.events);
        assertEquals(List.of("createStatement", "executeQuery[SELECT 1]", "executeUpdate[DELETE FROM t]",
                "executeUpdate[INSERT INTO t VALUES (1), 1]", "executeUpdate[INSERT INTO t VALUES (2), [id]]",
                "executeLargeUpdate[UPDATE t SET a = 1]", "execute[CALL p()]"), driver.log);
        assertTrue(rs.isWrapperFor(StubResultSet.class), "the driver's result, seen through Shift's");
        assertSame(statement, rs.getStatement());
        assertFalse(interceptor.calls.get(0).isPrepared());
        assertFalse(interceptor.calls.get(1).wantsGeneratedKeys());
        assertTrue(interceptor.calls.get(2).wantsGeneratedKeys());
        assertArrayEquals(new String[] {"id"}, interceptor.calls.get(3).keyColumnNames());
        assertTrue(interceptor.calls.get(4).isLarge());
    }

    @Test
    void preparedStatementsRecordEveryBoundParameterWithItsType() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)");
        Timestamp at = Timestamp.valueOf("2026-11-26 10:15:30.123456");
        ps.setLong(1, 42L);
        ps.setBigDecimal(2, new BigDecimal("19.90"));
        ps.setNull(3, Types.DECIMAL);
        ps.setTimestamp(4, at);
        ps.setObject(5, "PAID");
        ps.setObject(6, 7, JDBCType.SMALLINT);
        ps.executeUpdate();

        StatementCall call = interceptor.calls.get(0);
        assertTrue(call.isPrepared());
        assertEquals("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)", call.sql());
        Parameters p = call.parameters();
        assertEquals(6, p.size());
        assertEquals(42L, p.value(1));
        assertEquals(Types.BIGINT, p.sqlType(1));
        assertEquals(new BigDecimal("19.90"), p.value(2));
        assertEquals(Types.DECIMAL, p.sqlType(2));
        assertTrue(p.isNull(3));
        assertEquals(Types.DECIMAL, p.sqlType(3));
        assertEquals(at, p.value(4));
        assertEquals(Types.TIMESTAMP, p.sqlType(4));
        assertEquals(Types.VARCHAR, p.sqlType(5));
        assertEquals(Types.SMALLINT, p.sqlType(6));
        assertTrue(driver.log.contains("setLong[1, 42]"), driver.log.toString());
        assertTrue(driver.log.contains("executeUpdate"), driver.log.toString());
    }

    @Test
    void clearParametersForgetsThemAndUnboundIndexesAreReported() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT * FROM t WHERE a = ? AND b = ?");
        ps.setInt(2, 5);
        ps.executeQuery();
        Parameters p = interceptor.calls.get(0).parameters();
        assertFalse(p.isSet(1));
        assertThrows(IllegalArgumentException.class, () -> p.value(1));
        assertEquals(Arrays.asList(null, 5), p.values());
        ps.clearParameters();
        ps.executeQuery();
        assertEquals(0, interceptor.calls.get(1).parameters().size());
    }

    @Test
    void preparedStatementsRefuseSqlText() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT 1");
        assertThrows(SQLException.class, () -> ps.executeQuery("SELECT 2"));
        assertThrows(SQLException.class, () -> ps.executeUpdate("DELETE FROM t"));
        assertThrows(SQLException.class, () -> ps.execute("SELECT 2"));
        assertThrows(SQLException.class, () -> ps.addBatch("SELECT 2"));
        assertTrue(interceptor.events.isEmpty());
    }

    @Test
    void passThroughResultsAndKeysComeFromTheRealStatement() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("INSERT INTO t VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        StubPreparedStatement real = ps.unwrap(StubPreparedStatement.class);
        ps.setInt(1, 1);
        assertEquals(1, ps.executeUpdate());
        assertTrue(interceptor.calls.get(0).wantsGeneratedKeys());
        ResultSet keys = ps.getGeneratedKeys();
        assertSame(real.keys, keys.unwrap(StubResultSet.class));
        assertSame(ps, keys.getStatement(), "the keys lead back to the application's statement, not the driver's");
        assertEquals(1, ps.getUpdateCount());

        Statement statement = connection.createStatement();
        StubStatement realStatement = statement.unwrap(StubStatement.class);
        assertTrue(statement.execute("SELECT 1"));
        ResultSet result = statement.getResultSet();
        assertSame(realStatement.queryResult, result.unwrap(StubResultSet.class));
        assertSame(statement, result.getStatement());
        assertSame(result, statement.getResultSet(), "the same result set twice, as the driver gives it");
        assertEquals(-1, statement.getUpdateCount());
        assertFalse(statement.getMoreResults());
    }

    @Test
    void answersShiftGivesAreWhatTheStatementReturns() throws SQLException {
        StubResultSet fromDynamo = new StubResultSet("dynamo");
        Interception.install(new RecordingInterceptor() {
            @Override
            public ResultSet executeQuery(StatementCall call) {
                return fromDynamo;
            }

            @Override
            public boolean execute(StatementCall call) {
                call.answer(fromDynamo);
                return true;
            }

            @Override
            public long executeUpdate(StatementCall call) {
                call.answerGeneratedKeys(1001L, 1002L);
                return 2;
            }
        });
        Statement statement = connection.createStatement();
        assertSame(fromDynamo, statement.executeQuery("SELECT * FROM shopping_carts"));
        assertSame(fromDynamo, statement.getResultSet());
        assertTrue(statement.execute("SELECT * FROM shopping_carts"));
        assertSame(fromDynamo, statement.getResultSet());
        assertEquals(-1, statement.getUpdateCount());
        assertFalse(statement.getMoreResults());
        assertTrue(fromDynamo.closed);
        assertNull(statement.getResultSet());

        assertEquals(2, statement.executeUpdate("INSERT INTO orders (user_id) VALUES (1), (1)",
                Statement.RETURN_GENERATED_KEYS));
        ResultSet keys = statement.getGeneratedKeys();
        ResultSetMetaData md = keys.getMetaData();
        assertEquals("GENERATED_KEY", md.getColumnLabel(1));
        assertEquals(Types.BIGINT, md.getColumnType(1));
        assertTrue(keys.next());
        assertEquals(1001L, keys.getLong(1));
        assertEquals(BigInteger.valueOf(1001L), keys.getObject("GENERATED_KEY"));
        assertTrue(keys.next());
        assertEquals(1002, keys.getInt("generated_key"));
        assertFalse(keys.next());
        // Nothing ran on the driver's statement.
        assertEquals(List.of("createStatement"), driver.log);
    }

    @Test
    void keysAreEmptyWhenNothingRanOnMysqlAndShiftAllocatedNone() throws SQLException {
        Interception.install(new RecordingInterceptor() {
            @Override
            public long executeUpdate(StatementCall call) {
                return 1;
            }
        });
        Statement statement = connection.createStatement();
        statement.executeUpdate("DELETE FROM shopping_carts WHERE user_id = 1");
        assertFalse(statement.getGeneratedKeys().next());
    }

    @Test
    void batchesCarryEachEntryAndRunOnMysqlAsOne() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("INSERT INTO order_items VALUES (?, ?)");
        ps.setInt(1, 1);
        ps.setString(2, "a");
        ps.addBatch();
        ps.setInt(1, 2);
        ps.setString(2, "b");
        ps.addBatch();
        assertArrayEquals(new int[] {1, 1}, ps.executeBatch());

        BatchCall batch = interceptor.batches.get(0);
        assertEquals(2, batch.statements().size());
        assertEquals(List.of(1, "a"), batch.statements().get(0).parameters().values());
        assertEquals(List.of(2, "b"), batch.statements().get(1).parameters().values());
        assertTrue(batch.ranOnMysql());
        assertThrows(SQLException.class, () -> batch.statements().get(0).onMysql().executeUpdate());
        assertEquals(1, driver.log.stream().filter("executeBatch"::equals).count());
        assertFalse(driver.log.contains("clearBatch"));
    }

    @Test
    void aBatchShiftServedIsClearedFromTheRealStatement() throws SQLException {
        Interception.install(new RecordingInterceptor() {
            @Override
            public long[] executeBatch(BatchCall batch) {
                return new long[] {1, 1};
            }
        });
        Statement statement = connection.createStatement();
        statement.addBatch("DELETE FROM shopping_carts WHERE user_id = 1");
        statement.addBatch("DELETE FROM shopping_carts WHERE user_id = 2");
        assertArrayEquals(new long[] {1, 1}, statement.executeLargeBatch());
        assertTrue(driver.log.contains("clearBatch"));
        assertFalse(driver.log.contains("executeBatch"));
    }

    @Test
    void interceptorBugsBecomeSqlExceptionsNamingTheStatement() throws SQLException {
        Interception.install(new RecordingInterceptor() {
            @Override
            public ResultSet executeQuery(StatementCall call) {
                throw new IllegalStateException("router bug");
            }
        });
        PreparedStatement ps = connection.prepareStatement("SELECT * FROM orders WHERE id = ?");
        SQLException e = assertThrows(SQLException.class, ps::executeQuery);
        assertTrue(e.getMessage().contains("SELECT * FROM orders WHERE id = ?"), e.getMessage());
    }

    @Test
    void theCallIsReusedButSnapshotsAreIndependent() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT * FROM t WHERE a = ?");
        ps.setInt(1, 1);
        ps.executeQuery();
        ps.setInt(1, 2);
        ps.executeQuery();
        assertEquals(List.of(1), interceptor.calls.get(0).parameters().values());
        assertEquals(List.of(2), interceptor.calls.get(1).parameters().values());
    }

    @Test
    void theInterceptorInForceIsReadPerStatement() throws SQLException {
        Statement statement = connection.createStatement();
        statement.executeQuery("SELECT 1");
        Interception.reset();
        statement.executeQuery("SELECT 2");
        assertEquals(List.of("executeQuery SELECT 1"), interceptor.events);
        assertSame(PassThroughInterceptor.INSTANCE, Interception.current());
    }
}
