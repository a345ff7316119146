package dev.shift.agent.jdbc;

import dev.shift.agent.errors.ShiftErrors;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the application reaches its MySQL-compatible databases through a {@link Driver} (the driver object, URL and
 * properties of each connection, recorded by the agent's advice), and Shift's own connections made the same way:
 * same driver, same URL, same credentials, but never wrapped, so their statements are never routed.
 *
 * <p>An application may use several databases. Shift's own connections go to the one whose connection last ran a
 * statement on a migrated table ({@link #follow}), the database the outbox, the copies and the reverse sync belong
 * in. Until such a statement has run, to the one database the application connected to, and to none while it has
 * connected to several ({@link #ready} false: background work waits rather than guess).
 */
public final class DriverConnections implements MysqlConnector {

    private static final System.Logger LOG = System.getLogger(DriverConnections.class.getName());

    /** How one connection was made. Equal origins are one object ({@link #seen} interns them). */
    public record Origin(Driver driver, String url, Properties info) {
        @Override
        public String toString() {
            return withoutCredentials(url);
        }
    }

    /** Each connection the advice saw, weakly: an entry goes with its connection. */
    private static final Map<Connection, Origin> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Origin, Origin> INTERNED = new ConcurrentHashMap<>();
    private static final int MAX_INTERNED = 256;
    /** The URLs (without their query) connected to: more than one and nothing followed yet, Shift waits. */
    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    private static volatile Origin last;
    private static volatile Origin migrated;

    /** Called by the advice after a driver handed out a connection. Never throws. */
    public static void seen(Object driver, String url, Properties info, Object connection) {
        if (driver instanceof Driver d && url != null && (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"))) {
            Properties copy = new Properties();
            if (info != null) {
                copy.putAll(info);
            }
            Origin origin = new Origin(d, url, copy);
            Origin shared = INTERNED.size() < MAX_INTERNED ? INTERNED.computeIfAbsent(origin, o -> o) : origin;
            last = shared;
            if (DATABASES.size() < MAX_INTERNED) {
                DATABASES.add(withoutCredentials(url));
            }
            Connection physical = connection instanceof ShiftConnection s ? s.context().delegate()
                    : connection instanceof Connection c ? c : null;
            if (physical != null) {
                ORIGINS.put(physical, shared);
            }
        }
    }

    /**
     * How the connection behind {@code delegate} was made: the delegate itself, or what it wraps (a pool's proxy
     * unwraps to the driver's connection). Null when no driver connect was seen for it (a DataSource that connects
     * without {@code Driver#connect}).
     */
    static Origin originOf(Connection delegate) {
        Origin o = ORIGINS.get(delegate);
        if (o != null) {
            return o;
        }
        try {
            Connection inner = delegate.unwrap(Connection.class);
            return inner == null || inner == delegate ? null : ORIGINS.get(inner);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The connection ran a statement on a migrated table: Shift's own connections (the outbox, copies, the reverse
     * sync, jobs such as a backfill started in phase 1) go to its database from now on. Costs one lookup per
     * connection, then a field read and a comparison per statement.
     */
    public static void follow(ConnectionContext cx) {
        Origin o = cx.origin();
        Origin before = migrated;
        if (o == null || o == before || o.equals(before)) {
            return;
        }
        migrated = o;
        if (before != null && !before.url().equals(o.url())) {
            LOG.log(System.Logger.Level.WARNING, "Shift: statements on migrated tables now run on " + o + " (before: "
                    + before + "); Shift's own connections (outbox, copies, reverse sync) follow. If the application uses tables "
                    + "of these names in several databases, name the migrated one in the mapping (\"database\")");
        }
    }

    /** Where {@link #open} connects now; null while that is not known. */
    private static Origin current() {
        Origin m = migrated;
        return m != null ? m : DATABASES.size() == 1 ? last : null;
    }

    @Override
    public Connection open() throws SQLException {
        Origin s = current();
        if (s == null) {
            throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION, last == null
                    ? "Shift has no MySQL connection of its own: the application has not connected through a JDBC "
                            + "Driver yet (set the agent option mysql.url to give Shift one)"
                    : "Shift has no MySQL connection of its own yet: the application connected to several databases "
                            + DATABASES + " and has not used a migrated table yet (set the agent option mysql.url "
                            + "to name the database)");
        }
        // Inside an advised call, the advice leaves the connection unwrapped.
        CallDepth.enter();
        try {
            Connection c = s.driver().connect(s.url(), s.info());
            if (c == null) {
                throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION, "Shift could not reconnect to " + s);
            }
            return c;
        } finally {
            CallDepth.exit();
        }
    }

    @Override
    public boolean ready() {
        return current() != null;
    }

    @Override
    public Object target() {
        return current();
    }

    @Override
    public String describe() {
        Origin s = current();
        return s != null ? s.toString() : last == null ? "(no MySQL connection seen yet)"
                : "(one of " + DATABASES + ", once a migrated table is used)";
    }

    /** The URL without its query string (which may carry a password). */
    public static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Forgets every connection seen (tests). */
    static void reset() {
        ORIGINS.clear();
        INTERNED.clear();
        DATABASES.clear();
        last = null;
        migrated = null;
    }
}
