package dev.shift.agent.backfill;

import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.sql.WriteSituation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds the item of a MySQL row exactly as the live write path does, by running the live path's own plans:
 * {@code INSERT INTO orders (…all mapped columns…) VALUES (?, …)} through {@link SqlPlanner} gives the Put of
 * the parent item (keys, entity, index attributes, typed columns), and one {@code INSERT INTO order_items …}
 * per child row gives the list_append of its embedded map, applied in memory with {@link ItemImages#apply}.
 * So a backfilled item and a dual-written item cannot differ in shape: there is one converter.
 */
public final class ItemBuilder {
    private final Mapping mapping;
    private final SqlPlanner planner;

    public ItemBuilder(Mapping mapping) {
        this.mapping = mapping;
        this.planner = new SqlPlanner(mapping, 100);
    }

    public Mapping mapping() {
        return mapping;
    }

    /** The primary key of a row's item. */
    public ItemKey key(Row row) {
        TableMapping t = mapping.table(row.table());
        return new ItemKey(render(t, t.partitionKey(), row.values()), render(t, t.sortKey(), row.values()));
    }

    private static String render(TableMapping t, dev.shift.agent.mapping.KeyTemplate kt, Map<String, Object> vals) {
        return kt.render(c -> {
            Object v = vals.get(c);
            return v == null ? null : t.column(c).render(v);
        });
    }

    /** The whole item of the row (with its embedded children), carrying {@code version} as shift_version. */
    public Map<String, AttributeValue> item(Row row, long version) {
        TableMapping t = mapping.table(row.table());
        try {
            WriteSituation situation = new WriteSituation(false, version, null);
            WritePlan.Bound insert = plan(insertSql(t)).bind(params(t, row.values()));
            if (insert.needsGeneratedKey()) {
                throw new SQLException("backfill: " + t.name() + "." + t.autoIncrement().orElseThrow() + " is NULL in MySQL");
            }
            WriteResult put = insert.writes(situation, List.of());
            Map<String, AttributeValue> item = ((ItemWrite.Put) put.writes().get(0)).item();
            for (Map.Entry<String, List<Map<String, Object>>> e : row.children().entrySet()) {
                TableMapping child = mapping.table(e.getKey());
                WritePlan childPlan = plan(insertSql(child));
                for (Map<String, Object> childRow : e.getValue()) {
                    Map<String, AttributeValue> parent = item;
                    WriteResult w = childPlan.bind(params(child, childRow)).writes(situation, List.of(parent));
                    item = ItemImages.apply(item, ((ItemWrite.Update) w.writes().get(0)).actions());
                }
            }
            return item;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the item of " + row.table() + " " + row.key() + ": " + e.getMessage(), e);
        }
    }

    private WritePlan plan(String sql) {
        StatementPlan p = planner.plan(sql);
        if (!(p instanceof WritePlan)) {
            throw new IllegalStateException("the live planner does not translate " + sql + ": " + p);
        }
        return (WritePlan) p;
    }

    static String insertSql(TableMapping t) {
        List<String> cols = new ArrayList<>(t.columns().keySet());
        return "INSERT INTO " + t.name() + " (" + String.join(", ", cols) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
    }

    private static List<Object> params(TableMapping t, Map<String, Object> values) {
        List<Object> out = new ArrayList<>(t.columns().size());
        for (String c : t.columns().keySet()) {
            out.add(values.get(c));
        }
        return out;
    }
}
