package dev.shift.agent.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rows → items, the one conversion every path uses: the live write path, backfill, verify and repair. A row of a
 * top-level table becomes its whole item (keys, entity, index attributes, columns, version); a row of an embedded
 * table becomes the map it adds to its parent's list. Values are canonical ({@link ColumnMapping#coerce}). The way
 * back is {@link ItemRows}.
 */
public final class RowItems {
    private RowItems() {
    }

    /** A key template rendered with the row's values; null when one of its columns has none. */
    public static String render(TableMapping t, KeyTemplate kt, Function<String, Object> values) {
        return kt.render(c -> {
            Object v = values.apply(c);
            return v == null ? null : t.column(c).render(v);
        });
    }

    /** The whole item of a top-level table's row, carrying {@code version} as the version attribute. */
    public static Map<String, AttributeValue> item(Mapping m, TableMapping t, Map<String, Object> values,
                                                   AttributeValue version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(m.partitionKeyAttribute(), AttributeValue.fromS(render(t, t.partitionKey(), values::get)));
        item.put(m.sortKeyAttribute(), AttributeValue.fromS(render(t, t.sortKey(), values::get)));
        item.put(m.entityAttribute(), AttributeValue.fromS(t.entity()));
        putIndexAttributes(m, t, item, values);
        for (ColumnMapping c : t.columns().values()) {
            Object v = values.get(c.column());
            if (v != null) {
                item.put(c.attribute(), c.toAttribute(v));
            }
        }
        item.put(m.versionAttribute(), version);
        return item;
    }

    /** The index partition-key attributes of a row, for each index whose template columns all have values. */
    public static void putIndexAttributes(Mapping m, TableMapping t, Map<String, AttributeValue> out,
                                          Map<String, Object> values) {
        for (Map.Entry<String, KeyTemplate> e : t.indexes().entrySet()) {
            boolean complete = true;
            for (String c : e.getValue().columns()) {
                complete &= values.get(c) != null;
            }
            if (complete) {
                out.put(m.indexes().get(e.getKey()), AttributeValue.fromS(render(t, e.getValue(), values::get)));
            }
        }
    }

    /** The map a row of an embedded table is in its parent's list: its own columns (not those copied from the parent). */
    public static Map<String, AttributeValue> embedded(TableMapping child, Map<String, Object> values) {
        Embedding embedding = child.embedding().orElseThrow();
        Map<String, AttributeValue> row = new LinkedHashMap<>();
        for (ColumnMapping c : child.columns().values()) {
            Object v = values.get(c.column());
            if (v != null && !embedding.parentColumns().containsKey(c.column())) {
                row.put(c.attribute(), c.toAttribute(v));
            }
        }
        return row;
    }

    /** A parent's item with its embedded rows as its list ({@code rows} in order; none: no list attribute). */
    public static void putEmbedded(Map<String, AttributeValue> parent, TableMapping child, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<AttributeValue> list = rows.stream().map(r -> AttributeValue.fromM(embedded(child, r))).toList();
        parent.put(child.embedding().orElseThrow().attribute(), AttributeValue.fromL(list));
    }
}
