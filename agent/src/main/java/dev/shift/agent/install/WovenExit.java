package dev.shift.agent.install;

import dev.shift.agent.jdbc.DriverConnections;
import dev.shift.agent.jdbc.JdbcWrapping;
import java.sql.Connection;
import java.util.Properties;

/**
 * Called by the methods {@link ConnectionWeaver} puts in front of a driver's {@code connect} and a DataSource's
 * {@code getConnection} once the real method has returned, and likewise by Byte Buddy's advice
 * ({@link ConnectionAdvice}, {@link BridgeExit}). Public because the calls are woven into the application's classes.
 * Never throws: the application gets its connection, wrapped or not.
 */
public final class WovenExit {

    private WovenExit() {
    }

    /** {@code Driver#connect}: remembers how the application connects, and wraps the outermost call's connection. */
    public static Connection afterConnect(Object driver, String url, Properties info, Connection connection,
            int depthBefore) {
        try {
            if (connection != null) {
                DriverConnections.seen(driver, url, info, connection);
            }
        } catch (Throwable t) {
            // remembering is best effort; the connection is the application's either way
        }
        return afterGetConnection(connection, depthBefore);
    }

    /** {@code DataSource#getConnection}: the outermost call's connection comes back wrapped. */
    public static Connection afterGetConnection(Connection connection, int depthBefore) {
        try {
            return depthBefore == 0 && connection != null ? JdbcWrapping.wrap(connection) : connection;
        } catch (Throwable t) {
            return connection;
        }
    }
}
