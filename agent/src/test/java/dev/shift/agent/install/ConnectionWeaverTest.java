package dev.shift.agent.install;

import static dev.shift.agent.install.Intercepted.assertShiftOnce;
import static dev.shift.agent.install.Intercepted.depth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.jdbc.ShiftConnection;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The premain weaving ({@link ConnectionWeaver}, plain ASM), against the fixture drivers and DataSources shaped like
 * the real ones, each defined anew through the weaver by a class loader of its own; the real drivers and the packaged
 * jar are covered by {@code AgentAttachIT} and the system tests.
 */
class ConnectionWeaverTest {

    private static final String FIXTURES = "dev.shift.testfixtures.jdbc.";

    /** Defines the fixtures itself, woven; everything else (Shift, the JDK) comes from its parent. */
    private static final class WeavingLoader extends ClassLoader {
        int woven;

        WeavingLoader() {
            super(ConnectionWeaverTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith(FIXTURES)) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = bytesOf(name);
                    byte[] out = new ConnectionWeaver().transform(this, name.replace('.', '/'), null, null, bytes);
                    if (out != null) {
                        woven++;
                        bytes = out;
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }

        private byte[] bytesOf(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    private final WeavingLoader loader = new WeavingLoader();

    private Object fixture(String simpleName) throws Exception {
        return loader.loadClass(FIXTURES + simpleName).getConstructor().newInstance();
    }

    private Connection connect(String driver) throws Exception {
        return ((Driver) fixture(driver)).connect("jdbc:fake:x", new Properties());
    }

    @Test
    void wrapsWhatAPlainDriverReturns() throws Exception {
        assertShiftOnce(connect("PlainDriver"));
    }

    @Test
    void leavesNullAlone() throws Exception {
        assertNull(((Driver) fixture("PlainDriver")).connect("jdbc:other:x", new Properties()));
    }

    @Test
    void wrapsThroughTheBridgeOfACovariantConnect() throws Exception {
        assertShiftOnce(connect("CovariantDriver"));
        // Called with its own type the covariant method is not woven (it could not return a wrapper).
        Object direct = fixture("CovariantDriver").getClass().getMethod("connect", String.class, Properties.class)
                .invoke(fixture("CovariantDriver"), "jdbc:fake:x", new Properties());
        assertFalse(direct instanceof ShiftConnection);
    }

    @Test
    void wrapsConnectInheritedFromAnAbstractDriver() throws Exception {
        assertShiftOnce(connect("InheritingDriver"));
    }

    @Test
    void aDriverInFrontOfAnotherYieldsOneWrapper() throws Exception {
        Connection connection = connect("DelegatingDriver");
        assertShiftOnce(connection);
        assertTrue(connection.toString().contains("DelegatingConnection"), connection.toString());
    }

    @Test
    void aDataSourceOverADriverYieldsOneWrapper() throws Exception {
        assertShiftOnce(((DataSource) fixture("DriverDataSource")).getConnection());
        assertShiftOnce(((DataSource) fixture("DriverDataSource")).getConnection("u", "p"));
    }

    @Test
    void aDataSourceWithoutDriverIsWrappedToo() throws Exception {
        assertShiftOnce(((DataSource) fixture("StandaloneDataSource")).getConnection());
    }

    @Test
    void aFailedConnectLeavesTheDepthGuardBalancedAndItsExceptionAsItWas() throws Exception {
        Driver failing = (Driver) fixture("FailingDriver");
        SQLException e = assertThrows(SQLException.class, () -> failing.connect("jdbc:fake:x", new Properties()));
        assertEquals(0, depth(), "call depth back to 0 after " + e);
        assertShiftOnce(connect("PlainDriver"));
    }

    @Test
    void onlyDriversAndDataSourcesAreWoven() throws Exception {
        loader.loadClass(FIXTURES + "FakeConnection");   // neither a Driver nor a DataSource
        assertEquals(0, loader.woven);
        connect("PlainDriver");
        assertEquals(1, loader.woven);
    }

    @Test
    void aClassWovenAlreadyIsLeftAsItIs() throws Exception {
        // The agent attached twice: the second weaving must not add a second front (the class would not load).
        String name = FIXTURES.replace('.', '/') + "PlainDriver";
        byte[] original;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
            original = in.readAllBytes();
        }
        byte[] once = new ConnectionWeaver().transform(loader, name, null, null, original);
        assertTrue(once != null && once.length > original.length, "woven once");
        assertNull(new ConnectionWeaver().transform(loader, name, null, null, once));
    }

    @Test
    void theOriginalMethodIsKeptPrivate() throws Exception {
        Class<?> plain = fixture("PlainDriver").getClass();
        var kept = plain.getDeclaredMethod("connect" + ConnectionWeaver.KEPT_SUFFIX, String.class, Properties.class);
        assertTrue(java.lang.reflect.Modifier.isPrivate(kept.getModifiers()));
        assertTrue(kept.isSynthetic());
    }
}
