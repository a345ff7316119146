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
}
