package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.testfixtures.jdbc.BaseDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where Shift's own connections go when the application uses one database, or several. */
class DriverConnectionsTest {

    private static final String LIBRARY = "jdbc:mariadb://db:3306/library";
    private static final String ARCHIVE = "jdbc:mysql://db:3306/archive";

    /** Records the URL of every connect; hands out stub connections. */
    private static final class RecordingDriver extends BaseDriver {
        final List<String> urls = new ArrayList<>();

        @Override
        public Connection connect(String url, Properties info) {
            urls.add(url + " as " + info.getProperty("user"));
            return new StubConnection();
        }
    }

    private final RecordingDriver driver = new RecordingDriver();
    private final DriverConnections own = new DriverConnections();

    @BeforeEach
    @AfterEach
    void forget() {
        DriverConnections.reset();
    }

    private static Properties user(String name) {
        Properties p = new Properties();
        p.setProperty("user", name);
        return p;
    }

    /** The application's connection as a pool hands it out: a proxy over the driver's connection. */
    private static ConnectionContext pooled(Connection physical) {
        DelegatingConnection proxy = new DelegatingConnection(physical);
        return new ConnectionContext(proxy, proxy, true);
    }

    @Test
    void withOneDatabaseShiftConnectsAsTheApplicationDid() throws SQLException {
        assertFalse(own.ready(), "nothing seen yet");
        DriverConnections.seen(driver, LIBRARY + "?password=secret", user("app"), new StubConnection());

        assertTrue(own.ready());
        own.open();
        assertEquals(List.of(LIBRARY + "?password=secret as app"), driver.urls);
        assertEquals(LIBRARY, own.describe(), "the query string (credentials) is never shown");
    }

    @Test
    void withSeveralDatabasesShiftWaitsForAMigratedStatementThenFollowsIt() throws SQLException {
        Connection library = new StubConnection();
        DriverConnections.seen(driver, LIBRARY, user("lib"), library);
        DriverConnections.seen(driver, ARCHIVE, user("arc"), new StubConnection());   // connected last

        assertFalse(own.ready(), "two databases and no migrated statement yet: Shift does not guess");
        SQLException e = assertThrows(SQLException.class, own::open);
        assertTrue(e.getMessage().contains("several databases"), e.getMessage());
        assertTrue(driver.urls.isEmpty());

        DriverConnections.follow(pooled(library));   // a statement on a migrated table, through the pool's proxy
        assertTrue(own.ready());
        own.open();
        assertEquals(List.of(LIBRARY + " as lib"), driver.urls, "the database of the migrated tables, not the last one");
        Object target = own.target();

        DriverConnections.seen(driver, ARCHIVE, user("arc"), new StubConnection());
        own.open();
        assertEquals(LIBRARY + " as lib", driver.urls.get(1), "connecting elsewhere again changes nothing");
        assertEquals(target, own.target());
    }

    @Test
    void aConnectionNoDriverConnectWasSeenForChangesNothing() throws SQLException {
        DriverConnections.seen(driver, LIBRARY, user("lib"), new StubConnection());
        DriverConnections.follow(pooled(new StubConnection()));   // e.g. a DataSource that bypasses Driver#connect
        own.open();
        assertEquals(List.of(LIBRARY + " as lib"), driver.urls);
    }

    @Test
    void aPoolDropsIdleConnectionsToTheDatabaseShiftNoLongerUses() throws SQLException {
        Object[] target = {"library"};
        List<StubConnection> opened = new ArrayList<>();
        MysqlConnector connector = new MysqlConnector() {
            @Override
            public Connection open() {
                StubConnection c = new StubConnection();
                opened.add(c);
                return c;
            }

            @Override
            public Object target() {
                return target[0];
            }
        };
        List<Connection> initialised = new ArrayList<>();
        try (MysqlPool pool = new MysqlPool(connector, 2, c -> initialised.add(c))) {
            Connection first = pool.with(c -> c);
            assertEquals(first, pool.with(c -> c), "reused while the target stays");
            target[0] = "archive";
            Connection second = pool.with(c -> c);

            assertTrue(second != first, "a new connection for the new target");
            assertTrue(opened.get(0).closed, "the old one closed, not reused");
            assertEquals(List.of(first, second), initialised, "each new connection set up once");
        }
    }
}
