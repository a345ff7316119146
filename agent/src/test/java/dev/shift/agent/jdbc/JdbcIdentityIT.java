package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.sql.Wrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever an application reaches from a Shift connection (statements, their result sets and generated keys,
 * metadata and its result sets, stored procedure results) leads back to Shift's objects, never to the driver's
 * connection, whose statements Shift would not see; and {@code unwrap} still reaches the driver's own classes.
 * Real MariaDB, with both drivers applications use.
 */
class JdbcIdentityIT {

    enum Driver {
        CONNECTOR_J("com.mysql.cj."), MARIADB("org.mariadb.jdbc.");

        final String packagePrefix;

        Driver(String packagePrefix) {
            this.packagePrefix = packagePrefix;
        }
    }

    private static final String QUERY = "SELECT id, name FROM items ORDER BY id";

    private static MariaDbServer mysql;
    private static String database;

    @BeforeAll
    static void schema() throws SQLException {
        mysql = TestServers.mariaDb();
        database = "identity_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = raw(Driver.CONNECTOR_J); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
            st.execute("INSERT INTO items (name) VALUES ('lamp'), ('desk')");
            st.execute("CREATE PROCEDURE list_items() SELECT id, name FROM items ORDER BY id");
            st.execute("CREATE PROCEDURE count_items(OUT n INT) SELECT COUNT(*) INTO n FROM items");
        }
    }

    @AfterAll
    static void dropSchema() {
        mysql.dropDatabase(database);
    }

    @BeforeEach
    void passThrough() {
        Interception.reset();
    }

    private static Connection raw(Driver driver) throws SQLException {
        String url = driver == Driver.MARIADB ? mysql.mariadbJdbcUrl(database) : mysql.jdbcUrl(database);
        return DriverManager.getConnection(url, mysql.user(), mysql.password());
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void statementsAndTheirResultsLeadBackToShift(Driver driver) throws SQLException {
        try (Connection conn = JdbcWrapping.wrap(raw(driver))) {
            Statement st = conn.createStatement();
            assertSame(conn, st.getConnection());
            ResultSet rs = st.executeQuery(QUERY);
            assertSame(st, rs.getStatement());
            assertSame(conn, rs.getStatement().getConnection());
            assertTrue(rs.next());
            assertEquals("lamp", rs.getString("name"));

            assertTrue(st.execute(QUERY));
            ResultSet current = st.getResultSet();
            assertSame(st, current.getStatement());
            assertSame(current, st.getResultSet(), "the same result set each time, as the driver answers");
            assertFalse(st.getMoreResults());

            PreparedStatement ps = conn.prepareStatement("SELECT name FROM items WHERE id = ?");
            assertSame(conn, ps.getConnection());
            ps.setLong(1, 2);
            ResultSet one = ps.executeQuery();
            assertSame(ps, one.getStatement());
            assertTrue(one.next());
            assertEquals("desk", one.getString(1));
            ps.close();
            assertTrue(one.isClosed(), "closing Shift's statement closes the driver's, and so its result set");
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void generatedKeysLeadBackToShift(Driver driver) throws SQLException {
        try (Connection conn = JdbcWrapping.wrap(raw(driver))) {
            conn.setAutoCommit(false);
            PreparedStatement ps = conn.prepareStatement("INSERT INTO items (name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, "chair");
            assertEquals(1, ps.executeUpdate());
            ResultSet keys = ps.getGeneratedKeys();
            assertSame(ps, keys.getStatement());
            assertTrue(keys.next());
            assertTrue(keys.getLong(1) > 2, "a key MySQL assigned");

            Statement st = conn.createStatement();
            st.executeUpdate("INSERT INTO items (name) VALUES ('stool')", Statement.RETURN_GENERATED_KEYS);
            ResultSet more = st.getGeneratedKeys();
            assertSame(st, more.getStatement());
            assertTrue(more.next());
            conn.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void metadataAndItsResultsLeadBackToShift(Driver driver) throws SQLException {
        try (Connection conn = JdbcWrapping.wrap(raw(driver))) {
            DatabaseMetaData meta = conn.getMetaData();
            assertSame(conn, meta.getConnection());
            ResultSet tables = meta.getTables(database, null, "items", new String[] {"TABLE"});
            Statement owner = tables.getStatement();
            assertTrue(owner == null || owner.getConnection() == conn,
                    "a metadata result names no statement, or Shift's: " + owner);
            assertTrue(tables.next());
            assertEquals("items", tables.getString("TABLE_NAME"));

            ResultSet columns = meta.getColumns(database, null, "items", "%");
            owner = columns.getStatement();
            assertTrue(owner == null || owner.getConnection() == conn, "getColumns: " + owner);
            assertTrue(columns.next());
            assertEquals("id", columns.getString("COLUMN_NAME"));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void storedProcedureResultsLeadBackToShift(Driver driver) throws SQLException {
        try (Connection conn = JdbcWrapping.wrap(raw(driver))) {
            CallableStatement cs = conn.prepareCall("{call list_items()}");
            assertSame(conn, cs.getConnection());
            assertTrue(cs.execute());
            ResultSet rs = cs.getResultSet();
            assertSame(cs, rs.getStatement());
            assertSame(conn, rs.getStatement().getConnection());
            assertTrue(rs.next());
            assertEquals("lamp", rs.getString(2));

            CallableStatement out = conn.prepareCall("{call count_items(?)}");
            out.registerOutParameter(1, Types.INTEGER);
            out.execute();
            assertTrue(out.getInt(1) >= 2, "the OUT parameter, read through the driver's statement");
            assertFalse(out.wasNull());
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void unwrapReachesTheDriversObjects(Driver driver) throws SQLException {
        Connection rawConnection = raw(driver);
        try (Connection conn = JdbcWrapping.wrap(rawConnection)) {
            assertNotSame(rawConnection, conn);
            assertUnwraps(driver, conn, rawConnection.getClass(), Connection.class);
            assertSame(rawConnection, conn.unwrap(rawConnection.getClass()));

            try (Statement rawSt = rawConnection.createStatement(); ResultSet rawRs = rawSt.executeQuery(QUERY)) {
                Statement st = conn.createStatement();
                assertUnwraps(driver, st, rawSt.getClass(), Statement.class);
                ResultSet rs = st.executeQuery(QUERY);
                assertUnwraps(driver, rs, rawRs.getClass(), ResultSet.class);
            }
            try (PreparedStatement rawPs = rawConnection.prepareStatement(QUERY)) {
                assertUnwraps(driver, conn.prepareStatement(QUERY), rawPs.getClass(), PreparedStatement.class);
            }
            try (CallableStatement rawCs = rawConnection.prepareCall("{call list_items()}")) {
                CallableStatement cs = conn.prepareCall("{call list_items()}");
                assertUnwraps(driver, cs, rawCs.getClass(), CallableStatement.class);
                assertTrue(cs.execute());
                assertUnwraps(driver, cs.getResultSet(), rawCs.executeQuery().getClass(), ResultSet.class);
            }
            DatabaseMetaData rawMeta = rawConnection.getMetaData();
            DatabaseMetaData meta = conn.getMetaData();
            assertUnwraps(driver, meta, rawMeta.getClass(), DatabaseMetaData.class);
            try (ResultSet rawTables = rawMeta.getTables(database, null, "items", null)) {
                assertUnwraps(driver, meta.getTables(database, null, "items", null), rawTables.getClass(),
                        ResultSet.class);
            }
        }
    }

    /**
     * {@code shift} is Shift's object; it unwraps to the driver's class behind it and to itself for the JDBC
     * interface, {@code isWrapperFor} agrees, and an unrelated class is refused.
     */
    private static <T extends Wrapper> void assertUnwraps(Driver driver, T shift, Class<?> driverClass,
            Class<T> jdbcInterface) throws SQLException {
        assertFalse(driverClass.getName().startsWith("dev.shift."), "Shift's own class: " + driverClass);
        Object unwrapped = shift.unwrap(driverClass);
        assertInstanceOf(driverClass, unwrapped);
        assertNotSame(shift, unwrapped);
        assertTrue(unwrapped.getClass().getName().startsWith(driver.packagePrefix), unwrapped.getClass().getName());
        assertTrue(shift.isWrapperFor(driverClass));
        assertSame(shift, shift.unwrap(jdbcInterface));
        assertTrue(shift.isWrapperFor(jdbcInterface));
        assertFalse(shift.isWrapperFor(Runnable.class));
        assertThrows(SQLException.class, () -> shift.unwrap(Runnable.class));
    }
}
