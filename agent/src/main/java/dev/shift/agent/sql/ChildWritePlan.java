package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * UPDATE or DELETE of rows embedded in their parent's item ({@code order_items} inside an order): the parent is found
 * by the columns the rows copy from it, its list is rewritten without the deleted rows or with the updated ones, and
 * the parent is written back conditioned on being unchanged since it was read (its version), so a concurrent change
 * of the same parent is never lost: the statement is then read and applied again.
 */
public final class ChildWritePlan extends WritePlan {
    private final TableMapping parent;
    private final Embedding embedding;
    private final List<UpdatePlan.SetClause> sets;   // empty: DELETE
    private final List<KeyFilter> filters;
    private final Access parentAccess;

    ChildWritePlan(String sql, Mapping mapping, TableMapping child, TableMapping parent, List<UpdatePlan.SetClause> sets,
                   List<KeyFilter> filters, Access parentAccess) {
        super(sql, mapping, child);
        this.parent = parent;
        this.embedding = child.embedding().orElseThrow();
        this.sets = List.copyOf(sets);
        this.filters = List.copyOf(filters);
        this.parentAccess = parentAccess;
    }

    /** A child row is part of its parent's item: the parent row is what changes. */
    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        return scopeOf(parentAccess, params);
    }

    /** Another connection may change the parent between the read and the write: read and apply again. */
    @Override
    public boolean rereadsOnConflict() {
        return true;
    }

    /** The WHERE's values and the SET values, checked as MySQL checks them; null when the WHERE matches nothing. */
    /** The WHERE's values and the new ones; or MySQL's error for the new ones, given only when a row matches. */
    private record Checked(Object[] expected, Map<String, AttributeValue> newValues, SQLException refusal) {
    }

    @Override
    Object check(List<Object> params) throws SQLException {
        Object[] expected = expected(params);
        if (expected == null) {
            return null;
        }
        try {
            return new Checked(expected, newValues(params), null);
        } catch (SQLException refusal) {
            return new Checked(expected, Map.of(), refusal);
        }
    }

    @Override
    List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation) throws SQLException {
        return checked == null ? List.of() : readOf(parentAccess, params);
    }

    /** The WHERE's values, typed; null when one is NULL (then no row matches). */
    private Object[] expected(List<Object> params) throws SQLException {
        Object[] expected = new Object[filters.size()];
        for (int i = 0; i < expected.length; i++) {
            KeyFilter f = filters.get(i);
            expected[i] = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
            if (expected[i] == null) {
                return null;
            }
        }
        return expected;
    }

    /** Attribute → the value a plain {@code col = ?} sets (null: removed). */
    private Map<String, AttributeValue> newValues(List<Object> params) throws SQLException {
        Map<String, AttributeValue> newValues = new LinkedHashMap<>();
        for (UpdatePlan.SetClause s : sets) {
            if (s.sign() == 0) {
                Object v = Keys.stored(table, s.column().column(), s.value(), params);
                newValues.put(s.column().attribute(), v == null ? null : s.column().toAttribute(v));
            }
        }
        return newValues;
    }

    @Override
    WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                     List<Map<String, AttributeValue>> read) throws SQLException {
        if (checked == null) {
            return new WriteResult(List.of(), 0, null);   // col = NULL matches no row
        }
        Object[] expected = ((Checked) checked).expected();
        Map<String, AttributeValue> newValues = ((Checked) checked).newValues();
        List<ItemWrite> writes = new ArrayList<>();
        long count = 0;
        for (Map<String, AttributeValue> item : read) {
            AttributeValue entity = item.get(mapping.entityAttribute());
            if ((entity != null && !parent.entity().equals(entity.s())) || !isParent(item, expected)) {
                continue;
            }
            AttributeValue list = item.get(embedding.attribute());
            List<AttributeValue> rows = list == null || !list.hasL() ? List.of() : list.l();
            List<AttributeValue> kept = new ArrayList<>(rows.size());
            long matched = 0;
            for (AttributeValue row : rows) {
                Map<String, AttributeValue> m = row.hasM() ? row.m() : Map.of();
                if (!matches(m, expected)) {
                    kept.add(row);
                    continue;
                }
                matched++;
                if (((Checked) checked).refusal() != null) {
                    throw ((Checked) checked).refusal();
                }
                if (!sets.isEmpty()) {
                    kept.add(AttributeValue.fromM(updated(m, newValues, params)));
                }
            }
            if (matched == 0) {
                continue;
            }
            count += matched;
            AttributeValue version = item.get(mapping.versionAttribute());
            Condition unchanged = situation.buffered() ? Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()))
                    : version == null
                            ? Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()), new Condition.NotExists(mapping.versionAttribute()))
                            : Condition.of(new Condition.Equals(mapping.versionAttribute(), version));
            writes.add(new ItemWrite.Update(keyOf(item), List.of(
                    new UpdateAction.Set(embedding.attribute(), AttributeValue.fromL(kept)),
                    new UpdateAction.Set(mapping.versionAttribute(), version(situation))), unchanged, false));
        }
        return new WriteResult(writes, count, null);
    }

    /** The parent matches the WHERE's values of the columns the rows copy from it. */
    private boolean isParent(Map<String, AttributeValue> item, Object[] expected) {
        for (int i = 0; i < filters.size(); i++) {
            String parentColumn = embedding.parentColumns().get(filters.get(i).column().column());
            if (parentColumn != null) {
                ColumnMapping pc = parent.column(parentColumn);
                if (!Keys.sqlEquals(filters.get(i).column(), filters.get(i).column().coerce(pc.fromAttribute(item.get(pc.attribute()))), expected[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The row matches every WHERE equality on its own columns. */
    private boolean matches(Map<String, AttributeValue> row, Object[] expected) {
        for (int i = 0; i < filters.size(); i++) {
            ColumnMapping c = filters.get(i).column();
            if (!embedding.parentColumns().containsKey(c.column()) && !Keys.sqlEquals(c, c.fromAttribute(row.get(c.attribute())), expected[i])) {
                return false;
            }
        }
        return true;
    }

    private Map<String, AttributeValue> updated(Map<String, AttributeValue> row, Map<String, AttributeValue> newValues,
                                                List<Object> params) throws SQLException {
        Map<String, AttributeValue> out = new LinkedHashMap<>(row);
        for (UpdatePlan.SetClause s : sets) {
            ColumnMapping c = s.column();
            if (s.sign() == 0) {
                AttributeValue v = newValues.get(c.attribute());
                if (v == null) {
                    out.remove(c.attribute());
                } else {
                    out.put(c.attribute(), v);
                }
                continue;
            }
            Object delta = Keys.coerce(c, table, s.value().resolve(params), s.value());
            Object current = c.fromAttribute(row.get(c.attribute()));
            if (delta == null || current == null) {
                out.remove(c.attribute());   // NULL ± anything is NULL, as in MySQL
                continue;
            }
            BigDecimal next = ColumnType.toBigDecimal(current).add(s.sign() < 0 ? ColumnType.toBigDecimal(delta).negate()
                    : ColumnType.toBigDecimal(delta));
            out.put(c.attribute(), c.toAttribute(Keys.stored(table, c.column(), new ValueSource.Literal(next), params)));
        }
        return out;
    }
}
