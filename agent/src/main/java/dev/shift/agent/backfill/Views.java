package dev.shift.agent.backfill;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MySQL views that show the migrated rows in DynamoDB item shape (the workshop's "user views"), derived from the
 * mapping: key attributes rendered from the key templates, entity, index keys, columns under their attribute
 * names (timestamps as the ISO-8601 millisecond text the items hold) and embedded children as a JSON array.
 * One view per top-level table: {@code shift_items_<table>}.
 */
public final class Views {
    private Views() {
    }

    public static String sql(Mapping m) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Shift: migrated rows in DynamoDB item shape (table ").append(m.tableName()).append(")\n");
        for (TableMapping t : m.tables().values()) {
            if (t.isEmbedded()) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            cols.add(key(t, t.partitionKey(), "t") + " AS " + q(m.partitionKeyAttribute()));
            cols.add(key(t, t.sortKey(), "t") + " AS " + q(m.sortKeyAttribute()));
            cols.add("'" + t.entity().replace("'", "''") + "' AS " + q(m.entityAttribute()));
            for (Map.Entry<String, KeyTemplate> idx : t.indexes().entrySet()) {
                cols.add(key(t, idx.getValue(), "t") + " AS " + q(m.indexes().get(idx.getKey())));
            }
            for (ColumnMapping c : t.columns().values()) {
                cols.add(value(c, "t") + " AS " + q(c.attribute()));
            }
            for (TableMapping e : m.tables().values()) {
                if (!e.isEmbedded() || !e.embedding().get().parentTable().equals(t.name())) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                for (ColumnMapping c : e.columns().values()) {
                    if (!e.embedding().get().parentColumns().containsKey(c.column())) {
                        fields.add("'" + c.attribute() + "', " + value(c, "c"));
                    }
                }
                List<String> join = new ArrayList<>();
                e.embedding().get().parentColumns().forEach((child, parent) -> join.add("c." + child + " = t." + parent));
                cols.add("(SELECT JSON_ARRAYAGG(JSON_OBJECT(" + String.join(", ", fields) + ")) FROM " + e.name()
                        + " c WHERE " + String.join(" AND ", join) + ") AS " + q(e.embedding().get().attribute()));
            }
            sb.append("CREATE OR REPLACE VIEW shift_items_").append(t.name()).append(" AS\nSELECT ")
                    .append(String.join(",\n       ", cols)).append("\nFROM ").append(t.name()).append(" t;\n");
        }
        return sb.toString();
    }

    private static String q(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String value(ColumnMapping c, String alias) {
        String col = alias + "." + c.column();
        return c.type() == ColumnType.TIMESTAMP ? "LEFT(DATE_FORMAT(" + col + ", '%Y-%m-%dT%H:%i:%s.%f'), 23)" : col;
    }

    /** CONCAT of the template's constant parts and rendered columns. */
    private static String key(TableMapping t, KeyTemplate kt, String alias) {
        List<String> parts = new ArrayList<>();
        String src = kt.toString();
        int i = 0;
        while (i < src.length()) {
            int open = src.indexOf('{', i);
            if (open < 0) {
                parts.add("'" + src.substring(i).replace("'", "''") + "'");
                break;
            }
            if (open > i) {
                parts.add("'" + src.substring(i, open).replace("'", "''") + "'");
            }
            int close = src.indexOf('}', open);
            String col = src.substring(open + 1, close).trim().toLowerCase(java.util.Locale.ROOT);
            parts.add(value(t.column(col), alias));
            i = close + 1;
        }
        return "CONCAT(" + String.join(", ", parts) + ")";
    }
}
