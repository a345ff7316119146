package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShiftConnectionTest {

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
    void wrapsOnceAndOnlyNonNull() throws SQLException {
        assertTrue(connection instanceof ShiftConnection);
        assertSame(connection, JdbcWrapping.wrap(connection));
        assertEquals(null, JdbcWrapping.wrap(null));
        assertTrue(JdbcWrapping.isWrapped(connection));
        assertFalse(JdbcWrapping.isWrapped(driver));
    }

    @Test
    void doesNotWrapAPoolProxyAroundAWrappedConnection() {
        Connection poolProxy = new PoolProxy(connection);
        assertSame(poolProxy, JdbcWrapping.wrap(poolProxy));
    }

    @Test
    void unwrapReachesTheDriverConnectionAndKeepsJdbcInterfacesOnTheWrapper() throws SQLException {
        assertSame(driver, connection.unwrap(StubConnection.class));
        assertSame(connection, connection.unwrap(Connection.class));
        assertSame(connection, connection.unwrap(ShiftConnection.class));
        assertTrue(connection.isWrapperFor(StubConnection.class));
        assertTrue(connection.isWrapperFor(ShiftConnection.class));
        assertFalse(connection.isWrapperFor(Map.class));
        assertThrows(SQLException.class, () -> connection.unwrap(Map.class));
    }

    @Test
    void statementsAreWrappedAndPointBackToTheWrapper() throws SQLException {
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT 1");
        assertTrue(statement instanceof ShiftStatement);
        assertTrue(prepared instanceof ShiftPreparedStatement);
        assertSame(connection, statement.getConnection());
        assertSame(connection, prepared.getConnection());
        assertTrue(prepared.isWrapperFor(StubPreparedStatement.class));
        assertTrue(prepared.unwrap(StubPreparedStatement.class) instanceof StubPreparedStatement);
    }

    @Test
    void metadataHandsBackTheWrapper() throws SQLException {
        driver.metaData = metaDataStub();
        DatabaseMetaData metaData = connection.getMetaData();
        assertSame(connection, metaData.getConnection());
        assertEquals("StubDB", metaData.getDatabaseProductName());
    }

    @Test
    void commitAndRollbackGoThroughTheInterceptorThenTheDriver() throws SQLException {
        connection.setAutoCommit(false);
        connection.commit();
        connection.rollback();
        assertEquals(List.of("commit", "rollback"), interceptor.events);
        assertEquals(List.of("setAutoCommit[false]", "commit", "rollback"), driver.log);
        assertFalse(((ShiftConnection) connection).context().autoCommit());
    }

    @Test
    void switchingAutoCommitOnCommitsTheOpenTransactionThroughTheInterceptor() throws SQLException {
        connection.setAutoCommit(false);
        connection.setAutoCommit(true);
        assertEquals(List.of("commit"), interceptor.events);
        assertEquals(List.of("setAutoCommit[false]", "commit", "setAutoCommit[true]"), driver.log);
        assertTrue(((ShiftConnection) connection).context().autoCommit());
    }

    @Test
    void settingAutoCommitToWhatItIsCommitsNothing() throws SQLException {
        connection.setAutoCommit(true);
        assertEquals(List.of(), interceptor.events);
    }

    @Test
    void closeNotifiesTheInterceptorOnceAndAlwaysClosesTheDriverConnection() throws SQLException {
        Interception.install(new RecordingInterceptor() {
            @Override
            public void close(ConnectionContext cx) {
                events.add("close");
                throw new IllegalStateException("interceptor bug");
            }
        });
        connection.close();
        connection.close();
        assertTrue(driver.closed);
        assertEquals(1, driver.log.stream().filter("close"::equals).count());
        assertTrue(((ShiftConnection) connection).context().isClosed());
    }

    @Test
    void interceptorFailuresBecomeSqlExceptions() {
        Interception.install(new RecordingInterceptor() {
            @Override
            public void commit(ConnectionContext cx) {
                throw new IllegalStateException("boom");
            }
        });
        SQLException e = assertThrows(SQLException.class, () -> connection.commit());
        assertTrue(e.getMessage().contains("COMMIT"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void contextKeepsOneAttachmentPerType() {
        ConnectionContext cx = ((ShiftConnection) connection).context();
        StringBuilder buffer = cx.attachment(StringBuilder.class, StringBuilder::new);
        assertSame(buffer, cx.attachment(StringBuilder.class, () -> new StringBuilder("other")));
        assertSame(buffer, cx.existingAttachment(StringBuilder.class).orElseThrow());
        assertSame(buffer, cx.removeAttachment(StringBuilder.class).orElseThrow());
        assertTrue(cx.existingAttachment(StringBuilder.class).isEmpty());
        assertSame(driver, cx.delegate());
        assertSame(connection, cx.applicationConnection());
    }

    @Test
    void otherMethodsAreDelegated() throws SQLException {
        connection.setReadOnly(true);
        connection.setCatalog("shop");
        connection.isValid(2);
        assertEquals(List.of("setReadOnly[true]", "setCatalog[shop]", "isValid[2]"), driver.log);
    }

    private static DatabaseMetaData metaDataStub() {
        return (DatabaseMetaData) java.lang.reflect.Proxy.newProxyInstance(
                ShiftConnectionTest.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
                (proxy, method, args) -> method.getName().equals("getDatabaseProductName") ? "StubDB" : null);
    }

    /** Like HikariCP's proxy: its own class, delegating isWrapperFor. */
    private static final class PoolProxy extends DelegatingConnection {
        PoolProxy(Connection inner) {
            super(inner);
        }
    }
}
