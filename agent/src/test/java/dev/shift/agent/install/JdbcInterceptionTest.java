package dev.shift.agent.install;

import static dev.shift.agent.install.Intercepted.assertShiftOnce;
import static dev.shift.agent.install.Intercepted.depth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.jdbc.ShiftConnection;
import dev.shift.testfixtures.jdbc.CovariantDriver;
import dev.shift.testfixtures.jdbc.DelegatingDriver;
import dev.shift.testfixtures.jdbc.DriverDataSource;
import dev.shift.testfixtures.jdbc.FailingDriver;
import dev.shift.testfixtures.jdbc.InheritingDriver;
import dev.shift.testfixtures.jdbc.PlainDriver;
import dev.shift.testfixtures.jdbc.StandaloneDataSource;
import java.lang.instrument.Instrumentation;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AgentBuilder's matching and advice, in this JVM (self-attached), against fixture drivers shaped like the real
 * ones. The real drivers and the packaged jar are covered by {@code AgentAttachIT}.
 */
class JdbcInterceptionTest {

    private static Instrumentation instrumentation;
    private static ResettableClassFileTransformer transformer;

    @BeforeAll
    static void install() {
        instrumentation = ByteBuddyAgent.install();
        transformer = JdbcInterception.install(instrumentation);
    }

    @AfterAll
    static void uninstall() {
        transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    @Test
    void wrapsWhatAPlainDriverReturns() throws SQLException {
        assertShiftOnce(new PlainDriver().connect("jdbc:fake:x", new Properties()));
    }

    @Test
    void retransformsOnlyWhenADriverIsAlreadyLoaded() {
        // Attached to a running JVM (or after another agent loaded a driver) the loaded classes must be
        // retransformed; in premain, with none loaded, Shift skips that pass.
        assertTrue(new PlainDriver().acceptsURL("jdbc:fake:x"));
        assertTrue(JdbcInterception.driversLoaded(instrumentation));
    }

    @Test
    void leavesNullAlone() throws SQLException {
        assertNull(new PlainDriver().connect("jdbc:other:x", new Properties()));
    }

    @Test
    void wrapsThroughTheBridgeOfACovariantConnect() throws SQLException {
        Driver driver = new CovariantDriver();
        assertShiftOnce(driver.connect("jdbc:fake:x", new Properties()));
        // Called with its own type the covariant method is not advised (it could not return a wrapper).
        Object direct = new CovariantDriver().connect("jdbc:fake:x", new Properties());
        assertFalse(direct instanceof ShiftConnection);
    }

    @Test
    void wrapsConnectInheritedFromAnAbstractDriver() throws SQLException {
        assertShiftOnce(new InheritingDriver().connect("jdbc:fake:x", new Properties()));
    }

    @Test
    void aDriverInFrontOfAnotherYieldsOneWrapper() throws SQLException {
        Connection connection = new DelegatingDriver().connect("jdbc:fake:x", new Properties());
        assertShiftOnce(connection);
        assertTrue(connection.toString().contains("DelegatingConnection"), connection.toString());
    }

    @Test
    void aDataSourceOverADriverYieldsOneWrapper() throws SQLException {
        assertShiftOnce(new DriverDataSource().getConnection());
        assertShiftOnce(new DriverDataSource().getConnection("u", "p"));
    }

    @Test
    void aDataSourceWithoutDriverIsWrappedToo() throws SQLException {
        assertShiftOnce(new StandaloneDataSource().getConnection());
    }

    @Test
    void aFailedConnectLeavesTheDepthGuardBalanced() throws SQLException {
        assertThrows(SQLException.class, () -> new FailingDriver().connect("jdbc:fake:x", new Properties()));
        assertShiftOnce(new PlainDriver().connect("jdbc:fake:x", new Properties()));
    }

    @Test
    void shiftsOwnPackagesAreIgnored() throws Exception {
        // A Driver inside Shift's package (as its relocated Connector/J is) must come back unwrapped.
        Connection own = new dev.shift.agent.install.OwnDriver().connect("jdbc:fake:x", new Properties());
        assertFalse(own instanceof ShiftConnection, () -> "Shift intercepted itself: " + own);
    }
}
