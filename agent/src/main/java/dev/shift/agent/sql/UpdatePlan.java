package dev.shift.agent.sql;

import dev.shift.agent.dynamo.Condition;
import dev.shift.agent.dynamo.ItemKey;
import dev.shift.agent.dynamo.ItemWrite;
import dev.shift.agent.dynamo.UpdateAction;
import dev.shift.agent.dynamo.WriteContext;
import dev.shift.agent.dynamo.WriteResult;
import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * UPDATE of non-key columns. By full key under autocommit: one UpdateItem whose condition is the WHERE
 * (item exists, non-key equalities) — a failed condition is "0 rows". Otherwise (partition, index, or inside
 * a transaction) the rows are found by reading, matched in memory, and each gets an UpdateItem (conditional
 * on the WHERE again under autocommit, so a concurrent change still yields 0 rows instead of a wrong write).
 */
public final class UpdatePlan extends WritePlan {

    /**
     * {@code col = value} (sign 0), {@code col = col ± value} (sign ±1), or a key column set to a value it must
     * already hold (sign {@link #KEY}).
     */
    record SetClause(ColumnMapping column, ValueSource value, int sign) {
        static final int KEY = 2;
    }

    private final List<SetClause> sets;
    private final List<KeyFilter> filters;
    private final Access access;

    UpdatePlan(String sql, Mapping mapping, TableMapping table, List<SetClause> sets, List<KeyFilter> filters,
               Access access) {
        super(sql, mapping, table);
        this.sets = List.copyOf(sets);
        this.filters = List.copyOf(filters);
        this.access = access;
    }

    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        return scopeOf(access, params);
    }

    @Override
    WriteResult plan(List<Object> params, WriteContext ctx) throws SQLException {
        List<UpdateAction> actions = actions(params, ctx);
        boolean setsKeys = sets.stream().anyMatch(s -> s.sign() == SetClause.KEY);
        if (access.kind == Access.Kind.GET && !ctx.buffered() && !setsKeys) {
            Condition c = rowCondition(filters, params);
            if (c == null) {
                return new WriteResult(List.of(), 0, null);
            }
            Map<String, Object> keyValues = new HashMap<>();
            for (Map.Entry<String, ValueSource> e : access.bound.entrySet()) {
                keyValues.put(e.getKey(), Keys.value(table, e.getKey(), e.getValue(), params));
            }
            for (String col : table.partitionKey().columns()) {
                if (keyValues.get(col) == null) {
                    return new WriteResult(List.of(), 0, null);
                }
            }
            for (String col : table.sortKey().columns()) {
                if (keyValues.get(col) == null) {
                    return new WriteResult(List.of(), 0, null);
                }
            }
            ItemKey key = Keys.key(table, keyValues::get);
            return new WriteResult(List.of(new ItemWrite.Update(key, actions, c, true)), 0, null);
        }
        List<Map<String, AttributeValue>> found = matching(access, filters, params, ctx);
        List<ItemWrite> writes = new ArrayList<>(found.size());
        Condition guard = ctx.buffered()
                ? Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()))
                : rowCondition(filters, params);
        if (guard == null) {
            return new WriteResult(List.of(), 0, null);
        }
        for (Map<String, AttributeValue> item : found) {
            Condition unchangedKeys = keysUnchanged(item, params);
            writes.add(new ItemWrite.Update(keyOf(item), actions, ctx.buffered() ? guard : guard.and(unchangedKeys), !ctx.buffered()));
        }
        return new WriteResult(writes, ctx.buffered() ? found.size() : 0, null);
    }

    /**
     * Checks that the key columns the statement sets keep the values this row has, and returns the condition that
     * they still do when the write lands (so a concurrent change of them makes it a 0-row update, not a wrong one).
     */
    private Condition keysUnchanged(Map<String, AttributeValue> item, List<Object> params) throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        for (SetClause s : sets) {
            if (s.sign() != SetClause.KEY) {
                continue;
            }
            ColumnMapping c = s.column();
            Object wanted = Keys.coerce(c, table, s.value().resolve(params), s.value());
            Object held = c.fromAttribute(item.get(c.attribute()));
            if (!Keys.sqlEquals(held, wanted)) {
                throw ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift cannot answer this statement on migrated table "
                        + table.name() + " from DynamoDB: it changes " + c.column() + " from " + held + " to " + wanted
                        + ", part of the item's key or an index key [" + SqlText.abbreviate(sql()) + "]");
            }
            terms.add(new Condition.Equals(c.attribute(), c.toAttribute(wanted)));
        }
        return new Condition(List.copyOf(terms));
    }

    private List<UpdateAction> actions(List<Object> params, WriteContext ctx) throws SQLException {
        List<UpdateAction> actions = new ArrayList<>(sets.size() + 1);
        for (SetClause s : sets) {
            ColumnMapping c = s.column();
            if (s.sign() == SetClause.KEY) {
                continue;   // checked against each row: see keysUnchanged
            }
            Object v = s.sign() == 0 ? Keys.stored(table, c.column(), s.value(), params)
                    : Keys.coerce(c, table, s.value().resolve(params), s.value());
            if (s.sign() == 0) {
                actions.add(v == null ? new UpdateAction.Remove(c.attribute()) : new UpdateAction.Set(c.attribute(), c.toAttribute(v)));
            } else {
                if (v == null) {
                    throw new SQLException("Shift: " + c.column() + " = " + c.column() + " ± NULL is not supported", "22004");
                }
                BigDecimal d = ColumnType.toBigDecimal(v);
                actions.add(new UpdateAction.Add(c.attribute(), s.sign() < 0 ? d.negate() : d));
            }
        }
        actions.add(new UpdateAction.Set(mapping.versionAttribute(), version(ctx)));
        return List.copyOf(actions);
    }
}
