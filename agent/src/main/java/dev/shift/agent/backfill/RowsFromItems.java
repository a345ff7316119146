package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.ItemReader;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ItemRows;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Copies DynamoDB's state of an item into its MySQL rows (the reverse sync, after phase 5): the row inserted,
 * updated or deleted, and its embedded children written back as child rows.
 *
 * <p>Never older than DynamoDB: the row is locked ({@code SELECT … FOR UPDATE}, a gap lock when it does not exist)
 * before the item is read, strongly consistent. A phase-4 writer of the row, which writes DynamoDB before MySQL
 * commits, either committed before the lock (the item read is its own or newer) or waits for it (its own newer
 * write then lands after this copy). A missing item deletes the row only if the row still names that item (a row
 * whose key columns moved to another item is that item's business).
 */
public final class RowsFromItems {

    /** What one key came to. */
    public enum Outcome { INSERTED, UPDATED, DELETED, UNCHANGED, NOT_A_ROW }

    private final Mapping mapping;
    private final ItemReader items;
    private final ItemBuilder builder;
    private final Differ differ;

    public RowsFromItems(Mapping mapping, ItemReader items) {
        this.mapping = mapping;
        this.items = items;
        this.builder = new ItemBuilder(mapping);
        this.differ = new Differ(mapping);
    }

    /**
     * Brings the rows of the item at {@code key} to the item's state, in one MySQL transaction on {@code c}
     * (an auto-commit connection; see {@link SqlTable#snapshot}).
     */
    public Outcome copy(Connection c, List<SqlTable> tables, ItemKey key) throws SQLException {
        Optional<Located> located = locate(tables, key);
        if (located.isEmpty()) {
            return Outcome.NOT_A_ROW;
        }
        SqlTable t = located.get().table();
        return SqlTable.snapshot(c, () -> copyLocked(c, t, located.get().primaryKey(), key));
    }

    private Outcome copyLocked(Connection c, SqlTable t, List<Object> pk, ItemKey key) throws SQLException {
        Row existing = t.readByKeyForUpdate(c, pk);
        List<Map<String, AttributeValue>> read = items.read(new ReadRequest.Get(key));
        if (read.isEmpty()) {
            if (existing == null || !builder.key(existing).equals(key)) {
                return Outcome.UNCHANGED;
            }
            for (SqlTable.Child ch : t.children()) {
                deleteChildren(c, ch, existing.values());
            }
            execute(c, "DELETE FROM " + t.name() + " WHERE " + equalities(t.primaryKey()), pk);
            return Outcome.DELETED;
        }
        Map<String, AttributeValue> item = read.get(0);
        Differ.Difference d = differ.compare(existing, item);
        if (d == null) {
            return Outcome.UNCHANGED;
        }
        Map<String, Object> values = only(ItemRows.of(mapping, t.mapping(), t.mapping(), read), t.mapping());
        if (existing == null) {
            insert(c, t.mapping(), values);
        } else {
            List<String> set = new ArrayList<>(t.mapping().columns().keySet());
            set.removeAll(t.primaryKey());
            List<Object> params = new ArrayList<>();
            set.forEach(col -> params.add(values.get(col)));
            params.addAll(pk);
            if (!set.isEmpty()) {
                execute(c, "UPDATE " + t.name() + " SET " + String.join(", ", set.stream().map(s -> s + " = ?").toList())
                        + " WHERE " + equalities(t.primaryKey()), params);
            }
        }
        for (SqlTable.Child ch : t.children()) {
            if (existing != null && !d.attributes().contains(ch.mapping().embedding().get().attribute())) {
                continue;   // the children are as the item holds them
            }
            if (existing != null) {
                deleteChildren(c, ch, existing.values());
            }
            for (Object[] row : ItemRows.of(mapping, ch.mapping(), t.mapping(), read)) {
                insert(c, ch.mapping(), asMap(ch.mapping(), row));
            }
        }
        return existing == null ? Outcome.INSERTED : Outcome.UPDATED;
    }

    private record Located(SqlTable table, List<Object> primaryKey) {
    }

    /** The table whose key templates produce this key, and the primary key of the row the key names. */
    private static Optional<Located> locate(List<SqlTable> tables, ItemKey key) throws SQLException {
        for (SqlTable t : tables) {
            Optional<Map<String, Object>> values = t.mapping().keyValues(key.pk(), key.sk());
            if (values.isEmpty()) {
                continue;
            }
            List<Object> pk = new ArrayList<>();
            for (String col : t.primaryKey()) {
                Object v = values.get().get(col);
                if (v == null) {
                    throw new SQLException("item " + key + " of table " + t.name() + ": primary key column " + col
                            + " is not part of the item's key, so its row cannot be located in MySQL");
                }
                pk.add(SqlTable.normaliseKey(v));
            }
            return Optional.of(new Located(t, pk));
        }
        return Optional.empty();
    }

    private static void deleteChildren(Connection c, SqlTable.Child ch, Map<String, Object> parent) throws SQLException {
        execute(c, "DELETE FROM " + ch.mapping().name() + " WHERE " + equalities(ch.childColumns()),
                SqlTable.values(parent, ch.parentColumns()));
    }

    private static void insert(Connection c, TableMapping t, Map<String, Object> values) throws SQLException {
        List<String> cols = new ArrayList<>(t.columns().keySet());
        execute(c, "INSERT INTO " + t.name() + " (" + String.join(", ", cols) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")",
                cols.stream().map(values::get).toList());
    }

    private static Map<String, Object> only(List<Object[]> rows, TableMapping t) {
        if (rows.size() != 1) {
            throw new IllegalStateException("the item holds " + rows.size() + " rows of " + t.name() + ", expected one");
        }
        return asMap(t, rows.get(0));
    }

    private static Map<String, Object> asMap(TableMapping t, Object[] row) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        for (ColumnMapping col : t.columns().values()) {
            out.put(col.column(), row[i++]);
        }
        return out;
    }

    private static String equalities(List<String> cols) {
        return String.join(" AND ", cols.stream().map(col -> col + " = ?").toList());
    }

    private static void execute(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.executeUpdate();
        }
    }
}
