package dev.shift.agent.backfill;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The MySQL side of one migrated top-level table (e.g. {@code orders}) and its embedded children
 * ({@code order_items}): its primary key (from the database's metadata), keyset-paginated chunk reads
 * (never OFFSET), reads by primary key, and the children of a chunk read with one {@code IN (…)} query.
 *
 * <p>Values are canonical ({@link ColumnMapping#coerce}): what the live write path would put in the item.
 */
public final class SqlTable {

    /**
     * An embedded child table with the child → parent column pairs that link it; {@code indexed}: an index of the
     * child table starts with the linking columns.
     */
    record Child(TableMapping mapping, List<String> childColumns, List<String> parentColumns, List<String> orderBy,
                 boolean indexed) {
    }

    private final Mapping mapping;
    private final TableMapping table;
    private final List<String> pk;
    private final List<Child> children;
    private final String selectList;

    private SqlTable(Mapping mapping, TableMapping table, List<String> pk, List<Child> children) {
        this.mapping = mapping;
        this.table = table;
        this.pk = List.copyOf(pk);
        this.children = List.copyOf(children);
        this.selectList = String.join(", ", table.columns().keySet());
    }

    /** The top-level tables of the mapping (optionally only {@code only}), with keys read from the database. */
    public static List<SqlTable> discover(Connection c, Mapping mapping, Set<String> only) throws SQLException {
        List<SqlTable> out = new ArrayList<>();
        for (TableMapping t : mapping.tables().values()) {
            if (t.isEmbedded() || (only != null && !only.isEmpty() && !only.contains(t.name()))) {
                continue;
            }
            List<String> pk = primaryKey(c, t.name());
            for (String k : pk) {
                if (t.column(k) == null) {
                    throw new SQLException("table " + t.name() + ": primary key column " + k
                            + " is not in the mapping (backfill and verify identify rows by it)");
                }
            }
            List<Child> children = new ArrayList<>();
            for (TableMapping e : mapping.tables().values()) {
                if (e.isEmbedded() && e.embedding().get().parentTable().equals(t.name())) {
                    List<String> cc = new ArrayList<>(e.embedding().get().parentColumns().keySet());
                    List<String> pc = new ArrayList<>(e.embedding().get().parentColumns().values());
                    Map<String, List<String>> childIndexes = indexes(c, e.name());   // one SHOW KEYS per child table
                    List<String> order = new ArrayList<>(cc);
                    for (String k : primaryKey(childIndexes, e.name(), c)) {
                        if (!order.contains(k)) {
                            order.add(k);
                        }
                    }
                    children.add(new Child(e, cc, pc, order, startsWith(childIndexes, cc)));
                }
            }
            out.add(new SqlTable(mapping, t, pk, children));
        }
        return out;
    }

    /**
     * The table's primary key columns in key order, from {@code SHOW KEYS} (the driver's metadata call queries
     * information_schema, which MariaDB answers by opening every table's definition: tens of milliseconds each).
     */
    static List<String> primaryKey(Connection c, String table) throws SQLException {
        return primaryKey(indexes(c, table), table, c);
    }

    private static List<String> primaryKey(Map<String, List<String>> indexes, String table, Connection c)
            throws SQLException {
        List<String> pk = indexes.get("PRIMARY");
        if (pk == null) {
            throw new SQLException("table " + table + " has no primary key (or does not exist in database "
                    + c.getCatalog() + "): keyset pagination needs one");
        }
        return pk;
    }

    /** The table's indexes by name, each with its columns in index order (lower case); empty when no such table. */
    private static Map<String, List<String>> indexes(Connection c, String table) throws SQLException {
        Map<String, Map<Integer, String>> bySeq = new LinkedHashMap<>();
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW KEYS FROM " + quoted(name))) {
                while (rs.next()) {
                    bySeq.computeIfAbsent(rs.getString("Key_name"), k -> new java.util.TreeMap<>())
                            .put(rs.getInt("Seq_in_index"), rs.getString("Column_name").toLowerCase(Locale.ROOT));
                }
            } catch (SQLException e) {
                if (!"42S02".equals(e.getSQLState())) {
                    throw e;
                }
                // no table of that name: the other spelling, or none
            }
            if (!bySeq.isEmpty()) {
                break;
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        bySeq.forEach((k, cols) -> out.put(k, new ArrayList<>(cols.values())));
        return out;
    }

    /** Whether one of the indexes starts with these columns, in any order. */
    private static boolean startsWith(Map<String, List<String>> indexes, List<String> columns) {
        Set<String> link = new java.util.HashSet<>();
        columns.forEach(col -> link.add(col.toLowerCase(Locale.ROOT)));
        return indexes.values().stream().anyMatch(cols -> cols.size() >= link.size()
                && new java.util.HashSet<>(cols.subList(0, link.size())).equals(link));
    }

    /**
     * The embedded child tables whose rows MySQL can only find by scanning the whole table (no index starts with the
     * columns that link them to this table), described for people: reading a chunk's children with locks then locks
     * every row of the child table. Known since {@link #discover}: no I/O.
     */
    List<String> childrenWithoutIndex() {
        List<String> out = new ArrayList<>();
        for (Child ch : children) {
            if (!ch.indexed()) {
                out.add(ch.mapping().name() + " (" + String.join(", ", ch.childColumns()) + ")");
            }
        }
        return out;
    }

    /** {@code `name`}, or {@code `schema`.`name`}. */
    private static String quoted(String table) {
        StringJoiner j = new StringJoiner(".");
        for (String part : table.split("\\.")) {
            j.add("`" + part.replace("`", "``") + "`");
        }
        return j.toString();
    }

    public String name() {
        return table.name();
    }

    public TableMapping mapping() {
        return table;
    }

    public List<String> primaryKey() {
        return pk;
    }

    List<Child> children() {
        return children;
    }

    /** True when the first key column is a number, so the table can be split into key ranges. */
    boolean splittable() {
        ColumnMapping c = table.column(pk.get(0));
        return c.type() == dev.shift.agent.mapping.ColumnType.LONG || c.type() == dev.shift.agent.mapping.ColumnType.INT;
    }

    // ------------------------------------------------------------------ SQL text

    /** {@code (k1 > ? OR (k1 = ? AND k2 > ?))}: the rows after a key, in key order. Parameters: {@link #afterParams}. */
    String afterCondition() {
        return after(0);
    }

    private String after(int i) {
        String k = pk.get(i);
        if (i == pk.size() - 1) {
            return k + " > ?";
        }
        return "(" + k + " > ? OR (" + k + " = ? AND " + after(i + 1) + "))";
    }

    List<Object> afterParams(List<Object> key) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            out.add(key.get(i));
            if (i < pk.size() - 1) {
                out.add(key.get(i));
            }
        }
        return out;
    }

    private String rangeWhere(Segment seg, List<Object> after, List<Object> params) {
        List<String> w = new ArrayList<>();
        if (seg.lo() != null) {
            w.add(pk.get(0) + " >= ?");
            params.add(seg.lo());
        }
        if (seg.hi() != null) {
            w.add(pk.get(0) + " < ?");
            params.add(seg.hi());
        }
        if (after != null) {
            w.add(afterCondition());
            params.addAll(afterParams(after));
        }
        return w.isEmpty() ? "" : " WHERE " + String.join(" AND ", w);
    }

    // ------------------------------------------------------------------ reads

    /** A read that needs its own consistent snapshot (the parent rows and their children read together). */
    @FunctionalInterface
    public interface Read<T> {
        T run() throws SQLException;
    }

    /**
     * Runs the reads in one REPEATABLE READ transaction (one snapshot for parents and children), then back to
     * autocommit, so the next call sees what committed since.
     */
    public static <T> T snapshot(Connection c, Read<T> read) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (!auto) {
            return read.run();
        }
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        try {
            T t = read.run();
            c.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the caller reopens it
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Up to {@code limit} rows of the segment after {@code after} (null: from its start), in key order, each
     * with its embedded children. Call inside a transaction for one consistent snapshot.
     */
    public List<Row> readChunk(Connection c, Segment seg, List<Object> after, int limit) throws SQLException {
        return readChunk(c, seg, after, limit, "");
    }

    /**
     * {@link #readChunk(Connection, Segment, List, int)} with {@code lock} appended to the rows' and their children's
     * queries ({@link RowLocks}): inside a REPEATABLE READ transaction, the chunk's rows, the gaps between them and
     * their children stay locked until it ends.
     */
    List<Row> readChunk(Connection c, Segment seg, List<Object> after, int limit, String lock) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + selectList + " FROM " + table.name() + rangeWhere(seg, after, params)
                + " ORDER BY " + String.join(", ", pk) + " LIMIT " + limit + lock;
        return withChildren(c, query(c, sql, params), lock);
    }

    /** The rows with these primary keys (absent ones are simply not returned), with children. */
    public List<Row> readByKeys(Connection c, List<List<Object>> keys) throws SQLException {
        return readByKeys(c, keys, "");
    }

    private List<Row> readByKeys(Connection c, List<List<Object>> keys, String lock) throws SQLException {
        return readByKeys(c, keys, lock, "");
    }

    /** {@link #readByKeys(Connection, List)} with {@code lock} on the rows and their children, as {@link #readChunk}. */
    List<Row> readByKeysLocked(Connection c, List<List<Object>> keys, String lock) throws SQLException {
        return readByKeys(c, keys, lock, lock);
    }

    private List<Row> readByKeys(Connection c, List<List<Object>> keys, String lock, String childLock) throws SQLException {
        List<Row> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<List<Object>> part = keys.subList(from, Math.min(keys.size(), from + 500));
            List<Object> params = new ArrayList<>();
            String sql = "SELECT " + selectList + " FROM " + table.name() + " WHERE " + keyIn(pk, part, params)
                    + " ORDER BY " + String.join(", ", pk) + lock;
            out.addAll(withChildren(c, query(c, sql, params), childLock));
        }
        return out;
    }

    public Row readByKey(Connection c, List<Object> key) throws SQLException {
        List<Row> r = readByKeys(c, List.of(key));
        return r.isEmpty() ? null : r.get(0);
    }

    /**
     * The row with this key, read with a shared lock (call inside {@link #snapshot}): it waits for a transaction
     * that changed the row and has not committed yet, so the row read is never older than a DynamoDB write of
     * that transaction that already landed (phase 4 writes DynamoDB before MySQL commits).
     */
    public Row readByKeyLocked(Connection c, List<Object> key) throws SQLException {
        List<Row> r = readByKeys(c, List.of(key), " LOCK IN SHARE MODE");
        return r.isEmpty() ? null : r.get(0);
    }

    /**
     * The row with this key, read with an exclusive lock (inside a transaction): a writer of that row, or of a child
     * row (its foreign key check), waits until the caller commits; a row that does not exist is locked as a gap.
     */
    public Row readByKeyForUpdate(Connection c, List<Object> key) throws SQLException {
        List<Row> r = readByKeys(c, List.of(key), " FOR UPDATE");
        return r.isEmpty() ? null : r.get(0);
    }

    /** Primary keys of the rows whose columns equal these values (a shared lock on them, as above). */
    public List<List<Object>> keysWhereLocked(Connection c, Map<String, Object> equal) throws SQLException {
        List<Object> params = new ArrayList<>();
        List<String> w = new ArrayList<>();
        equal.forEach((col, v) -> {
            w.add(col + " = ?");
            params.add(v);
        });
        String sql = "SELECT " + String.join(", ", pk) + " FROM " + table.name() + " WHERE " + String.join(" AND ", w)
                + " LOCK IN SHARE MODE";
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(pk.size());
                    for (int i = 0; i < pk.size(); i++) {
                        key.add(normaliseKey(table.column(pk.get(i)).coerce(rs.getObject(i + 1))));
                    }
                    out.add(key);
                }
            }
        }
        return out;
    }

    /** {@code k IN (?, ?)} for one column, {@code (a = ? AND b = ?) OR (…)} for several (index range friendly). */
    private static String keyIn(List<String> cols, List<List<Object>> keys, List<Object> params) {
        if (cols.size() == 1) {
            StringBuilder sb = new StringBuilder(cols.get(0)).append(" IN (");
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i == 0 ? "?" : ", ?");
                params.add(keys.get(i).get(0));
            }
            return sb.append(')').toString();
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < cols.size(); j++) {
                sb.append(j == 0 ? "" : " AND ").append(cols.get(j)).append(" = ?");
                params.add(keys.get(i).get(j));
            }
            sb.append(')');
        }
        return sb.append(')').toString();
    }

    private List<Map<String, Object>> query(Connection c, String sql, List<Object> params) throws SQLException {
        return query(c, sql, params, table);
    }

    private static List<Map<String, Object>> query(Connection c, String sql, List<Object> params, TableMapping t)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    int i = 1;
                    for (ColumnMapping col : t.columns().values()) {
                        Object v = rs.getObject(i++);
                        try {
                            row.put(col.column(), col.coerce(v));
                        } catch (RuntimeException e) {
                            throw new SQLException(t.name() + "." + col.column() + " = '" + v + "' is not a valid "
                                    + col.type().configName() + " (mapping type)", e);
                        }
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private List<Row> withChildren(Connection c, List<Map<String, Object>> parents, String lock) throws SQLException {
        List<Row> out = new ArrayList<>(parents.size());
        if (parents.isEmpty()) {
            return out;
        }
        Map<String, Map<List<Object>, List<Map<String, Object>>>> byChild = new HashMap<>();
        for (Child ch : children) {
            List<List<Object>> refs = new ArrayList<>();
            java.util.Set<List<Object>> seen = new java.util.HashSet<>();
            for (Map<String, Object> p : parents) {
                List<Object> ref = values(p, ch.parentColumns());
                if (seen.add(ref)) {
                    refs.add(ref);
                }
            }
            Map<List<Object>, List<Map<String, Object>>> grouped = new HashMap<>();
            for (int from = 0; from < refs.size(); from += 500) {
                List<Object> params = new ArrayList<>();
                String sql = "SELECT " + String.join(", ", ch.mapping().columns().keySet()) + " FROM " + ch.mapping().name()
                        + " WHERE " + keyIn(ch.childColumns(), refs.subList(from, Math.min(refs.size(), from + 500)), params)
                        + " ORDER BY " + String.join(", ", ch.orderBy()) + lock;
                for (Map<String, Object> r : query(c, sql, params, ch.mapping())) {
                    grouped.computeIfAbsent(values(r, ch.childColumns()), k -> new ArrayList<>()).add(r);
                }
            }
            byChild.put(ch.mapping().name(), grouped);
        }
        for (Map<String, Object> p : parents) {
            Map<String, List<Map<String, Object>>> kids = new LinkedHashMap<>();
            for (Child ch : children) {
                List<Map<String, Object>> l = byChild.get(ch.mapping().name()).get(values(p, ch.parentColumns()));
                kids.put(ch.mapping().name(), l == null ? List.of() : Collections.unmodifiableList(l));
            }
            out.add(new Row(table.name(), values(p, pk), Collections.unmodifiableMap(p), kids));
        }
        return out;
    }

    /** Values of these columns, numbers normalised to Long so keys from JDBC and JSON compare equal. */
    static List<Object> values(Map<String, Object> row, List<String> cols) {
        List<Object> out = new ArrayList<>(cols.size());
        for (String c : cols) {
            out.add(normaliseKey(row.get(c)));
        }
        return out;
    }

    static Object normaliseKey(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    // ------------------------------------------------------------------ sizes

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table.name());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** MIN and MAX of the first key column (numbers), or null when the table is empty. */
    long[] firstKeyBounds(Connection c) throws SQLException {
        String k = pk.get(0);
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + table.name());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getObject(1) == null) {
                return null;
            }
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** MAX(column), 0 when the table is empty. */
    public long max(Connection c, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table.name());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The id MySQL would hand out next for the table's AUTO_INCREMENT column (0 when it has none). Read with
     * {@code SHOW TABLE STATUS}, after asking MySQL 8 not to answer from its statistics cache (MariaDB has none).
     */
    public static long nextAutoIncrement(Connection c, String table) throws SQLException {
        String version = c.getMetaData().getDatabaseProductVersion();
        if (version != null && !version.contains("MariaDB") && version.matches("^(8|9)\\..*")) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET SESSION information_schema_stats_expiry = 0");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SHOW TABLE STATUS LIKE ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong("Auto_increment") : 0;
            }
        }
    }

    Mapping fullMapping() {
        return mapping;
    }
}
