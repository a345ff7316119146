package dev.shift.agent.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items → rows of a table: one row per item of the table's entity, or, for a table embedded in its parent's item
 * (order lines inside an order), one row per element of the parent's list, with the parent's key columns filled in.
 * Values are as the MySQL drivers return them (see {@link ColumnType#fromAttribute}).
 */
public final class ItemRows {
    private ItemRows() {
    }

    /** Rows of {@code rows} (its columns in mapping order) from items of {@code items}' entity; others are skipped. */
    public static List<Object[]> of(Mapping mapping, TableMapping rows, TableMapping items, List<Map<String, AttributeValue>> read) {
        List<Object[]> out = new ArrayList<>(read.size());
        String entityAttr = mapping.entityAttribute();
        List<ColumnMapping> cols = new ArrayList<>(rows.columns().values());
        int width = cols.size();
        Embedding emb = rows.embedding().orElse(null);
        for (Map<String, AttributeValue> item : read) {
            AttributeValue entity = item.get(entityAttr);
            if (entity != null && entity.s() != null && !entity.s().equals(items.entity())) {
                continue;
            }
            if (emb == null) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    ColumnMapping c = cols.get(i);
                    row[i] = c.fromAttribute(item.get(c.attribute()));
                }
                out.add(row);
                continue;
            }
            AttributeValue list = item.get(emb.attribute());
            if (list == null || !list.hasL()) {
                continue;
            }
            Object[] parentValues = new Object[width];
            for (int i = 0; i < width; i++) {
                String parentCol = emb.parentColumns().get(cols.get(i).column());
                if (parentCol != null) {
                    ColumnMapping pc = items.column(parentCol);
                    parentValues[i] = cols.get(i).coerce(pc.fromAttribute(item.get(pc.attribute())));
                }
            }
            for (AttributeValue child : list.l()) {
                Map<String, AttributeValue> m = child.hasM() ? child.m() : Map.of();
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    ColumnMapping c = cols.get(i);
                    row[i] = emb.parentColumns().containsKey(c.column()) ? parentValues[i] : c.fromAttribute(m.get(c.attribute()));
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * Each row of {@code parent} followed by the columns of each of its embedded {@code child} rows: the rows of
     * {@code parent JOIN child ON <the embedding's columns>}; with {@code outer}, a parent without children once, its
     * child columns NULL.
     */
    public static List<Object[]> withChildren(Mapping mapping, TableMapping parent, TableMapping child, boolean outer,
                                              List<Map<String, AttributeValue>> read) {
        List<Object[]> out = new ArrayList<>();
        int parentWidth = parent.columns().size();
        int childWidth = child.columns().size();
        for (Map<String, AttributeValue> item : read) {
            for (Object[] p : of(mapping, parent, parent, List.of(item))) {
                List<Object[]> children = of(mapping, child, parent, List.of(item));
                if (children.isEmpty() && outer) {
                    out.add(java.util.Arrays.copyOf(p, parentWidth + childWidth));
                }
                for (Object[] c : children) {
                    Object[] row = java.util.Arrays.copyOf(p, parentWidth + childWidth);
                    System.arraycopy(c, 0, row, parentWidth, childWidth);
                    out.add(row);
                }
            }
        }
        return out;
    }
}
