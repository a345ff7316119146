package dev.shift.agent.sql;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The rows a write statement may have changed, as equalities on one top-level migrated table (a child row's
 * write is its parent's: {@code order_items order_id=7} is {@code orders id=7}). It is what Shift's outbox
 * records before MySQL commits, so that the DynamoDB side can always be rebuilt from MySQL's state of exactly
 * these rows, whatever happened to the statement's own DynamoDB write.
 *
 * @param columns column → canonical value, sorted by column name; never empty
 */
public record RowScope(String table, Map<String, Object> columns) {

    public RowScope {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a row scope needs at least one column");
        }
        columns = java.util.Collections.unmodifiableMap(new TreeMap<>(columns));
    }

    /** For people: {@code orders id=42}, {@code shopping_carts product_id=5 user_id=3}. */
    public String describe() {
        StringJoiner j = new StringJoiner(" ", table + " ", "");
        columns.forEach((c, v) -> j.add(c + "=" + v));
        return j.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
