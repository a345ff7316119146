package dev.shift.agent.outbox;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.agent.jdbc.MysqlPool;
import dev.shift.agent.sql.RowScope;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shift's outbox: a table in the application's own MySQL database listing the rows of every dual-written change
 * whose DynamoDB side is not known to have landed. An entry is inserted (on Shift's own connection, committed)
 * before the application's change commits in MySQL, and deleted once DynamoDB has the change; an entry left
 * behind — DynamoDB refused, or the process died in between — is resolved by {@link OutboxDrainer} from MySQL's
 * state. Because it lives in MySQL, entries survive the loss of the application's host, and any instance of
 * the application can resolve them.
 *
 * <p>Ids are not AUTO_INCREMENT, so inserting an entry never changes what LAST_INSERT_ID() tells anyone.
 */
public final class Outbox implements AutoCloseable {

    /** One entry. */
    public record Entry(long id, Instant createdAt, int attempts, List<RowScope> scopes, String lastError) {
    }

    public static final String DEFAULT_TABLE = "shift_outbox";

    private final MysqlPool mysql;
    private final String table;
    private final Duration grace;
    private final Queue<Long> settled = new ConcurrentLinkedQueue<>();

    /**
     * @param grace how long an entry is left to its own request before anyone else resolves it
     */
    public Outbox(MysqlConnector connector, String table, int connections, Duration grace) {
        if (!plainName(table)) {
            throw new IllegalArgumentException("outbox.table=" + table + " is not a plain table name");
        }
        this.mysql = new MysqlPool(connector, connections, this::ensureTable);
        this.table = table;
        this.grace = grace;
    }

    public String table() {
        return table;
    }

    /** Whether {@code table} can name the outbox (a plain, unquoted MySQL table name). */
    public static boolean plainName(String table) {
        return table != null && table.matches("[A-Za-z_][A-Za-z0-9_]{0,63}");
    }

    /**
     * The rows of every entry in {@code table} now, by entry id, read on the caller's connection (a process that is
     * not the application, such as backfill, reads the outbox this way); null when the database has no such table.
     */
    public static Map<Long, List<RowScope>> entries(Connection c, String table) throws SQLException {
        Map<Long, List<RowScope>> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, scopes FROM " + table)) {
            while (rs.next()) {
                out.put(rs.getLong(1), decode(rs.getString(2)));
            }
        } catch (SQLException e) {
            if ("42S02".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
        return out;
    }

    /** Which of these entries are still in {@code table}. */
    public static Set<Long> stillThere(Connection c, String table, Collection<Long> ids) throws SQLException {
        Set<Long> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT id FROM ").append(table).append(" WHERE id IN (");
        int i = 0;
        for (Long id : ids) {
            sql.append(i++ == 0 ? "" : ", ").append(id.longValue());
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.append(')').toString())) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Creates the table when it does not exist (on each connection Shift opens, so in whichever database it is). */
    private Void ensureTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(createTableSql(table));
        }
        return null;
    }

    /** The DDL, for operators who create the table themselves (Shift's database user may lack CREATE). */
    public static String createTableSql(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "id BIGINT NOT NULL PRIMARY KEY, "
                + "created_at DATETIME(3) NOT NULL, "
                + "next_try DATETIME(3) NULL, "
                + "attempts INT NOT NULL DEFAULT 0, "
                + "scopes TEXT NOT NULL, "
                + "last_error VARCHAR(1000) NULL)";
    }

    /** Inserts an entry, committed before returning. */
    public long record(List<RowScope> scopes) throws SQLException {
        String json = encode(scopes);
        return mysql.with(c -> {
            for (int attempt = 0; ; attempt++) {
                long id = (System.currentTimeMillis() << 16) | ThreadLocalRandom.current().nextInt(1 << 16);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (id, created_at, scopes) VALUES (?, NOW(3), ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, json);
                    ps.executeUpdate();
                    return id;
                } catch (SQLException e) {
                    if (attempt >= 3 || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // two entries in the same millisecond drew the same number: draw again
                }
            }
        });
    }

    /** The entry is done with; it is deleted in the next batch ({@link #deleteSettled}). */
    public void settle(long id) {
        settled.add(id);
    }

    /** Deletes the entries settled since the last call, in batches; returns how many. */
    int deleteSettled() throws SQLException {
        List<Long> ids = new ArrayList<>();
        Long id;
        while (ids.size() < 500 && (id = settled.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            return mysql.with(c -> {
                StringBuilder sql = new StringBuilder("DELETE FROM ").append(table).append(" WHERE id IN (");
                for (int i = 0; i < ids.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            settled.addAll(ids);   // next time
            throw e;
        }
    }

    /** Deletes one entry now; false when it did not exist. */
    public boolean delete(long id) throws SQLException {
        return mysql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Entries to resolve now, oldest first: those older than the grace period (their request is over, or its
     * process died) that were never tried, and those whose next try after a failure is due.
     */
    List<Entry> due(int limit) throws SQLException {
        return select("WHERE (next_try IS NULL AND created_at <= NOW(3) - INTERVAL " + grace.toNanos() / 1000
                + " MICROSECOND) OR next_try <= NOW(3) ORDER BY id LIMIT " + limit);
    }

    /** The oldest entries, for operators. */
    public List<Entry> oldest(int limit) throws SQLException {
        return select("ORDER BY id LIMIT " + limit);
    }

    public Optional<Entry> find(long id) throws SQLException {
        List<Entry> l = select("WHERE id = " + id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** An attempt failed: counted, the error kept, the next try pushed back by {@code backoff}. */
    void failed(long id, String error, Duration backoff) throws SQLException {
        mysql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET attempts = attempts + 1, "
                    + "last_error = ?, next_try = NOW(3) + INTERVAL ? MICROSECOND WHERE id = ?")) {
                ps.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
                ps.setLong(2, backoff.toNanos() / 1000);
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The entry's rows were copied, and are to be copied once more after {@code delay} (its attempts unchanged):
     * {@code note} says why, where operators see the entry.
     */
    void copyAgainIn(long id, Duration delay, String note) throws SQLException {
        mysql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET last_error = ?, "
                    + "next_try = NOW(3) + INTERVAL ? MICROSECOND WHERE id = ?")) {
                ps.setString(1, note);
                ps.setLong(2, delay.toNanos() / 1000);
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    /** How many entries are older than {@code age}, and the age of the oldest (by MySQL's clock). */
    public Backlogged backlog(Duration age) throws SQLException {
        return mysql.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), TIMESTAMPDIFF(MICROSECOND, MIN(created_at), "
                    + "NOW(3)) FROM " + table + " WHERE created_at < NOW(3) - INTERVAL ? MICROSECOND");
                    ) {
                ps.setLong(1, age.toNanos() / 1000);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    long micros = rs.getLong(2);
                    return new Backlogged(n, n == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000)));
                }
            }
        });
    }

    /** See {@link #backlog}. */
    public record Backlogged(long count, Optional<Duration> oldestAge) {
    }

    /** Runs work on one of Shift's connections (the drainer resolves entries with it). */
    <T> T withConnection(MysqlPool.Work<T> work) throws SQLException {
        return mysql.with(work);
    }

    /** False until Shift can reach MySQL (before the application's first connection, nothing can be in it). */
    boolean ready() {
        return mysql.ready();
    }

    String describe() {
        return table + " in " + mysql.describe();
    }

    @Override
    public void close() {
        mysql.close();
    }

    private List<Entry> select(String tail) throws SQLException {
        return mysql.with(c -> {
            List<Entry> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id, created_at, attempts, scopes, last_error FROM " + table + " " + tail)) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getInt(3),
                            decode(rs.getString(4)), rs.getString(5)));
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ scopes as JSON

    /** An entry's rows as the outbox keeps them (JSON, values type-tagged). */
    public static String encode(List<RowScope> scopes) {
        List<Object> list = new ArrayList<>(scopes.size());
        for (RowScope s : scopes) {
            Map<String, Object> cols = new LinkedHashMap<>();
            s.columns().forEach((c, v) -> cols.put(c, ParamCodec.encode(v)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", s.table());
            m.put("columns", cols);
            list.add(m);
        }
        try {
            return JSON.std.asString(list);
        } catch (IOException e) {
            throw new IllegalStateException("row scopes are plain JSON", e);
        }
    }

    static List<RowScope> decode(String json) throws SQLException {
        try {
            List<RowScope> out = new ArrayList<>();
            for (Object o : JSON.std.listFrom(json)) {
                Map<?, ?> m = (Map<?, ?>) o;
                Map<String, Object> cols = new LinkedHashMap<>();
                ((Map<?, ?>) m.get("columns")).forEach((c, v) -> cols.put((String) c, ParamCodec.decode((Map<?, ?>) v)));
                out.add(new RowScope((String) m.get("table"), cols));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new SQLException("Shift cannot read an outbox entry's rows: " + json, e);
        }
    }
}
