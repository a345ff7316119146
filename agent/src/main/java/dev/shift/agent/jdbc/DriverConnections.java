package dev.shift.agent.jdbc;

import dev.shift.agent.errors.ShiftErrors;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How the application last reached a MySQL-compatible database through a {@link Driver} (the driver object,
 * URL and properties, recorded by the agent's advice), and Shift's own connections made the same way: same
 * driver, same URL, same credentials, but never wrapped, so their statements are never routed.
 */
public final class DriverConnections implements MysqlConnector {

    private record Seen(Driver driver, String url, Properties info) {
    }

    private static volatile Seen last;

    /** Called by the advice after a driver handed out a connection. Never throws. */
    public static void seen(Object driver, String url, Properties info) {
        if (driver instanceof Driver d && url != null && (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"))) {
            Properties copy = new Properties();
            if (info != null) {
                copy.putAll(info);
            }
            last = new Seen(d, url, copy);
        }
    }

    @Override
    public Connection open() throws SQLException {
        Seen s = last;
        if (s == null) {
            throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION, "Shift has no MySQL connection of its own: the "
                    + "application has not connected "
                    + "through a JDBC Driver yet (set the agent option mysql.url to give Shift one)");
        }
        // Inside an advised call, the advice leaves the connection unwrapped.
        CallDepth.enter();
        try {
            Connection c = s.driver().connect(s.url(), s.info());
            if (c == null) {
                throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION, "Shift could not reconnect to " + describe());
            }
            return c;
        } finally {
            CallDepth.exit();
        }
    }

    @Override
    public boolean ready() {
        return last != null;
    }

    @Override
    public String describe() {
        Seen s = last;
        return s == null ? "(no MySQL connection seen yet)" : withoutCredentials(s.url());
    }

    /** The URL without its query string (which may carry a password). */
    public static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
