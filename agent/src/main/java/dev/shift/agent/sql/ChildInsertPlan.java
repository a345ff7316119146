package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.RowItems;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * INSERT into an embedded child table (order_items): finds the parent item (through the parent's key or
 * an index, reading the transaction's own pending writes too) and appends one map to its list attribute
 * ({@code SET items = list_append(if_not_exists(items, []), [row])}, condition: the parent exists). Inside a
 * transaction this folds into the pending Put of a just-created parent.
 */
public final class ChildInsertPlan extends WritePlan {
    private final TableMapping parent;
    private final Embedding embedding;
    private final List<String> columns;
    private final List<ValueSource> values;
    private final Access parentAccess;
    private final List<KeyFilter> parentFilters;

    ChildInsertPlan(String sql, Mapping mapping, TableMapping child, TableMapping parent, List<String> columns,
                    List<ValueSource> values, Access parentAccess, List<KeyFilter> parentFilters) {
        super(sql, mapping, child);
        this.parent = parent;
        this.embedding = child.embedding().orElseThrow();
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.parentAccess = parentAccess;
        this.parentFilters = List.copyOf(parentFilters);
    }

    /** A child row is part of its parent's item: the parent row is what changes. */
    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        return scopeOf(parentAccess, params);
    }

    /** A row whose primary key is known (the DDL was read) is checked against the list it joins: read again if it changed. */
    @Override
    public boolean rereadsOnConflict() {
        return !primaryKey().isEmpty();
    }

    private List<ColumnMapping> primaryKey() {
        return table.columns().values().stream()
                .filter(c -> c.ddl() != null && c.ddl().primaryKey() && !embedding.parentColumns().containsKey(c.column()))
                .toList();
    }

    /** The row's values, checked as MySQL checks them (a row MySQL refuses costs no read). */
    @Override
    Object check(List<Object> params) throws SQLException {
        return row(params);
    }

    @Override
    List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation) throws SQLException {
        return readOf(parentAccess, params);
    }

    @Override
    WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                     List<Map<String, AttributeValue>> read) throws SQLException {
        @SuppressWarnings("unchecked") Map<String, Object> vals = (Map<String, Object>) checked;
        List<Map<String, AttributeValue>> parents = parentMatches(params, read);
        if (parents.isEmpty()) {
            // MySQL (without a foreign key) would keep an orphan row; DynamoDB holds rows inside their parent's item.
            StringBuilder ref = new StringBuilder();
            embedding.parentColumns().forEach((c, p) -> ref.append(ref.length() == 0 ? "" : ", ").append(p).append(" = ").append(vals.get(c)));
            throw new Untranslatable(sql, table.name(), "its " + parent.name() + " row (" + ref + ") does not exist, "
                    + "and rows embedded in " + parent.name() + " live inside their parent's item").toException();
        }
        refuseDuplicateKey(parents.get(0), vals);
        Map<String, AttributeValue> row = RowItems.embedded(table, vals);
        List<UpdateAction> actions = List.of(
                new UpdateAction.Append(embedding.attribute(), List.of(), List.of(AttributeValue.fromM(row))),
                new UpdateAction.Set(mapping.versionAttribute(), version(situation)));
        // With a primary key to keep unique, the list must still be the one checked; else the parent must exist.
        Condition condition = rereadsOnConflict() && !situation.buffered() ? unchangedSinceRead(parents.get(0))
                : Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()));
        ItemWrite w = new ItemWrite.Update(keyOf(parents.get(0)), actions, condition, false);
        return new WriteResult(List.of(w), 1, null);
    }

    /**
     * MySQL's duplicate-key error when the parent already holds a row with this row's primary key (known once the
     * table's DDL was read), compared under each column's collation.
     */
    private void refuseDuplicateKey(Map<String, AttributeValue> parentItem, Map<String, Object> vals) throws SQLException {
        List<ColumnMapping> key = primaryKey();
        AttributeValue list = parentItem.get(embedding.attribute());
        if (key.isEmpty() || list == null || !list.hasL()) {
            return;
        }
        for (AttributeValue existing : list.l()) {
            Map<String, AttributeValue> m = existing.hasM() ? existing.m() : Map.of();
            boolean same = true;
            for (ColumnMapping c : key) {
                same &= Keys.sqlEquals(c, c.fromAttribute(m.get(c.attribute())), vals.get(c.column()));
            }
            if (same) {
                StringBuilder entry = new StringBuilder();
                for (ColumnMapping c : table.columns().values()) {
                    if (c.ddl() != null && c.ddl().primaryKey()) {
                        entry.append(entry.length() == 0 ? "" : "-").append(vals.get(c.column()));
                    }
                }
                throw new SQLException("Duplicate entry '" + entry + "' for key 'PRIMARY'", "23000", 1062);
            }
        }
    }

    /** The row's values as its columns store them; its parent columns must not be NULL. */
    private Map<String, Object> row(List<Object> params) throws SQLException {
        Map<String, Object> vals = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            vals.put(columns.get(i), Keys.stored(table, columns.get(i), values.get(i), params));
        }
        for (String c : embedding.parentColumns().keySet()) {
            if (vals.get(c) == null) {
                throw new SQLException("Column '" + c + "' cannot be null", "23000");
            }
        }
        return vals;
    }

    private List<Map<String, AttributeValue>> parentMatches(List<Object> params, List<Map<String, AttributeValue>> items)
            throws SQLException {
        List<Map<String, AttributeValue>> out = new ArrayList<>(1);
        outer:
        for (Map<String, AttributeValue> item : items) {
            AttributeValue entity = item.get(mapping.entityAttribute());
            if (entity != null && !parent.entity().equals(entity.s())) {
                continue;
            }
            for (KeyFilter f : parentFilters) {
                Object expected = Keys.coerce(f.column(), parent, f.value().resolve(params), f.value());
                if (!Keys.sqlEquals(f.column(), f.column().fromAttribute(item.get(f.column().attribute())), expected)) {
                    continue outer;
                }
            }
            out.add(item);
        }
        return out;
    }
}
