package dev.shift.agent.backfill;

import dev.shift.agent.item.ItemKey;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.RowItems;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds the item of a MySQL row with the live write path's own conversion ({@link RowItems}): the row's values
 * as the live path stores them (converted, DECIMAL scale, checked against the mapping's column rules), its whole
 * item, and its embedded children as its list. So a backfilled item and a dual-written item cannot differ in shape.
 */
public final class ItemBuilder {
    private final Mapping mapping;

    public ItemBuilder(Mapping mapping) {
        this.mapping = mapping;
    }

    public Mapping mapping() {
        return mapping;
    }

    /** The primary key of a row's item. */
    public ItemKey key(Row row) {
        TableMapping t = mapping.table(row.table());
        Map<String, Object> vals = row.values();
        return new ItemKey(RowItems.render(t, t.partitionKey(), vals::get), RowItems.render(t, t.sortKey(), vals::get));
    }

    /** The whole item of the row (with its embedded children), carrying {@code version} as shift_version. */
    public Map<String, AttributeValue> item(Row row, long version) {
        TableMapping t = mapping.table(row.table());
        try {
            Map<String, Object> values = stored(t, row.values());
            if (t.autoIncrement().isPresent() && values.get(t.autoIncrement().get()) == null) {
                throw new SQLException("backfill: " + t.name() + "." + t.autoIncrement().get() + " is NULL in MySQL");
            }
            Map<String, AttributeValue> item = RowItems.item(mapping, t, values,
                    AttributeValue.fromN(Long.toString(version)));
            for (Map.Entry<String, List<Map<String, Object>>> e : row.children().entrySet()) {
                TableMapping child = mapping.table(e.getKey());
                List<Map<String, Object>> rows = new ArrayList<>(e.getValue().size());
                for (Map<String, Object> childRow : e.getValue()) {
                    rows.add(stored(child, childRow));
                }
                RowItems.putEmbedded(item, child, rows);
            }
            return item;
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("cannot build the item of " + row.table() + " " + row.key() + ": " + e.getMessage(), e);
        }
    }

    /** A row's values as the live path stores them. */
    private static Map<String, Object> stored(TableMapping t, Map<String, Object> raw) throws SQLException {
        Map<String, Object> out = new HashMap<>();
        for (ColumnMapping c : t.columns().values()) {
            out.put(c.column(), c.checked(c.stored(c.coerce(raw.get(c.column())))));
        }
        return out;
    }
}
