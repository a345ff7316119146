package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.item.WriteResult;
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
 * UPDATE. By full key under autocommit: one UpdateItem whose condition is the WHERE (item exists, non-key
 * equalities) — a failed condition is "0 rows". Otherwise (partition, index, inside a transaction, or key columns
 * set) the rows are found by reading, matched in memory, and each gets an UpdateItem (conditional on the WHERE again
 * under autocommit, so a concurrent change still yields 0 rows instead of a wrong write). A row whose key columns
 * change becomes another item: deleted and put again in one transaction.
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
    private final PlanBuilder.Where where;
    private final Access access;
    private final boolean setsKeys;   // an ORM's full-row UPDATE sets the key columns (to the values they hold)
    private final boolean setsOnlyItemKeys;   // ... and those are all columns of the item's key (not of an index's)
    private final boolean indexAlone;   // see byIndexAlone

    UpdatePlan(String sql, Mapping mapping, TableMapping table, List<SetClause> sets, PlanBuilder.Where where,
               Access access) {
        super(sql, mapping, table);
        this.sets = List.copyOf(sets);
        this.where = where;
        this.filters = List.copyOf(where.filters());
        this.access = access;
        this.setsKeys = this.sets.stream().anyMatch(s -> s.sign() == SetClause.KEY);
        this.setsOnlyItemKeys = this.sets.stream().filter(s -> s.sign() == SetClause.KEY).allMatch(s ->
                table.partitionKey().columns().contains(s.column().column()) || table.sortKey().columns().contains(s.column().column()));
        this.indexAlone = !setsKeys && throughUniqueIndexAlone(access, where, filters);
    }

    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        return scopeOf(access, params);
    }

    /** An ORM's full-row UPDATE too, when the key columns it sets are the item's: each row's key tells if it moves. */
    @Override
    public boolean takesMysqlRows() {
        return setsOnlyItemKeys;
    }

    /**
     * The rows MySQL named ({@link WriteSituation#mysqlRows}), unless the statement sets a key column of one to another
     * value: that row moves to another item, which is found in DynamoDB to be moved (null then, as when none were named).
     */
    private List<RowScope> namedRows(WriteSituation situation, List<Object> params) throws SQLException {
        List<RowScope> rows = situation.mysqlRows();
        if (rows == null || !setsKeys) {
            return rows;
        }
        for (SetClause s : sets) {
            if (s.sign() != SetClause.KEY) {
                continue;
            }
            Object wanted = Keys.stored(table, s.column().column(), s.value(), params);
            for (RowScope row : rows) {
                if (!Keys.sqlEquals(row.columns().get(s.column().column()), wanted)) {
                    return null;
                }
            }
        }
        return rows;
    }

    @Override
    List<KeyFilter> filters() {
        return filters;
    }

    @Override
    public boolean findsItemsByReading(boolean buffered) {
        return !byKeyAlone(buffered);
    }

    @Override
    public boolean rereadsOnConflict() {
        return where.residual() != null;
    }

    /** Under autocommit, by full key and leaving the key columns alone: one conditional UpdateItem, nothing read. */
    private boolean byKeyAlone(boolean buffered) {
        return access.kind == Access.Kind.GET && !buffered && !setsKeys && conditionsCompareExactly(filters)
                && where.residual() == null;
    }

    /** Under autocommit, through a unique index, leaving the key columns alone: one conditional UpdateItem per hit. */
    private boolean byIndexAlone(WriteSituation situation) {
        return indexAlone && !situation.buffered();
    }

    /**
     * The SET clauses' actions, their values checked as MySQL checks them (the version is added per execution); or
     * the error MySQL gives for them, which it gives only when a row matches (an UPDATE of no row refuses nothing).
     */
    private record Checked(List<UpdateAction> actions, SQLException refusal) {
    }

    @Override
    Object check(List<Object> params) throws SQLException {
        try {
            return new Checked(setActions(params), null);
        } catch (SQLException refusal) {
            return new Checked(List.of(), refusal);
        }
    }

    @Override
    List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation) throws SQLException {
        if (namedRows(situation, params) != null) {
            return List.of();
        }
        if (((Checked) checked).refusal() != null) {
            return readOf(access, params);   // refused only when a row matches: the rows are read as they are
        }
        return byKeyAlone(situation.buffered()) ? List.of() : byIndexAlone(situation) ? keysThrough(access, params)
                : readOf(access, params);
    }

    @Override
    WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                     List<Map<String, AttributeValue>> read) throws SQLException {
        SQLException refusal = ((Checked) checked).refusal();
        List<RowScope> named = namedRows(situation, params);
        if (refusal != null) {
            if (named != null ? !named.isEmpty() : !matching(where, params, read).isEmpty()) {
                throw refusal;
            }
            return new WriteResult(List.of(), 0, null);
        }
        List<UpdateAction> setActions = ((Checked) checked).actions();
        List<UpdateAction> actions = new ArrayList<>(setActions.size() + 1);
        actions.addAll(setActions);
        actions.add(new UpdateAction.Set(mapping.versionAttribute(), version(situation)));
        Condition ranges = addsInRange(actions);
        if (named != null) {
            return writesPerMysqlRow(named, params, situation, Condition.of(new Condition.Exists(mapping.partitionKeyAttribute())),
                    (key, c, counts) -> new ItemWrite.Update(key, actions, counts ? c.and(ranges) : c, counts));
        }
        if (byKeyAlone(situation.buffered())) {
            Condition c = rowCondition(filters, params);
            if (c == null) {
                return new WriteResult(List.of(), 0, null);
            }
            ItemKey key = boundKey(access, params);
            if (key == null) {
                return new WriteResult(List.of(), 0, null);
            }
            // An addition that would leave an integer's range fails the condition; the execute stage tells that
            // from "no row" by the item (WritePlan.outOfRange).
            return new WriteResult(List.of(new ItemWrite.Update(key, actions, c.and(ranges), true)), 0, null);
        }
        if (byIndexAlone(situation)) {
            return writesPerHit(filters, params, read, (key, c) -> new ItemWrite.Update(key, actions, c.and(ranges), true));
        }
        List<Map<String, AttributeValue>> found = matching(where, params, read);
        List<ItemWrite> writes = new ArrayList<>(found.size());
        long counted = 0;   // rows whose write does not count itself (moved, or conditioned on all of the row)
        for (Map<String, AttributeValue> item : found) {
            Condition guard = situation.buffered()
                    ? Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()))
                    : rowCondition(filters, params, item);
            if (guard == null) {
                return new WriteResult(List.of(), 0, null);
            }
            checkInRange(ranges, item);
            Map<String, Object> newKeys = changedKeys(item, params);
            if (!newKeys.isEmpty()) {
                writes.addAll(move(item, actions, newKeys, situation));
                counted++;
                continue;
            }
            if (where.residual() != null && !situation.buffered()) {
                // Chosen by more than equalities: still as read when written, else the statement runs again.
                writes.add(new ItemWrite.Update(keyOf(item), actions, unchangedSinceRead(item).and(ranges), false));
                counted++;
                continue;
            }
            Condition unchangedKeys = keysUnchanged(item, params);
            writes.add(new ItemWrite.Update(keyOf(item), actions, situation.buffered() ? guard
                    : guard.and(unchangedKeys).and(ranges), !situation.buffered()));
        }
        return new WriteResult(writes, situation.buffered() ? found.size() : counted, null);
    }

    /** The key columns whose value the statement changes for this row (column → new value); empty when none. */
    private Map<String, Object> changedKeys(Map<String, AttributeValue> item, List<Object> params) throws SQLException {
        Map<String, Object> changed = new HashMap<>();
        for (SetClause s : sets) {
            if (s.sign() == SetClause.KEY) {
                ColumnMapping c = s.column();
                Object wanted = Keys.stored(table, c.column(), s.value(), params);
                if (wanted == null) {
                    throw new SQLException("Column '" + c.column() + "' cannot be null", "23000", 1048);
                }
                if (!Keys.sqlEquals(c.fromAttribute(item.get(c.attribute())), wanted)) {
                    changed.put(c.column(), wanted);
                }
            }
        }
        return changed;
    }

    /**
     * A row whose key changes is another item: the old item is deleted and the new one put, in one transaction
     * (TransactWriteItems under autocommit, the transaction's COMMIT otherwise). The delete holds only if the item is
     * as read; the put only if no item has the new key (MySQL's duplicate key).
     */
    private List<ItemWrite> move(Map<String, AttributeValue> item, List<UpdateAction> actions, Map<String, Object> newKeys,
                                 WriteSituation situation) {
        Map<String, AttributeValue> image = ItemImages.apply(item, actions);
        Map<String, Object> values = new HashMap<>();
        for (ColumnMapping c : table.columns().values()) {
            values.put(c.column(), newKeys.containsKey(c.column()) ? newKeys.get(c.column()) : c.fromAttribute(image.get(c.attribute())));
        }
        newKeys.forEach((col, v) -> image.put(table.column(col).attribute(), table.column(col).toAttribute(v)));
        mapping.indexes().values().forEach(image::remove);
        putIndexAttributes(image, values);
        ItemKey to = Keys.key(table, values::get);
        image.put(mapping.partitionKeyAttribute(), AttributeValue.fromS(to.pk()));
        image.put(mapping.sortKeyAttribute(), AttributeValue.fromS(to.sk()));
        AttributeValue version = item.get(mapping.versionAttribute());
        Condition asRead = situation.buffered() || version == null
                ? Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()))
                : Condition.of(new Condition.Equals(mapping.versionAttribute(), version));
        ItemKey from = keyOf(item);
        if (to.equals(from)) {   // only an index column changed: the same item, its index attributes renewed
            return List.of(new ItemWrite.Put(from, image, asRead, false));
        }
        return List.of(new ItemWrite.Delete(from, asRead, false),
                new ItemWrite.Put(to, image, Condition.of(new Condition.NotExists(mapping.partitionKeyAttribute())), false));
    }

    /**
     * The condition that the key columns the statement sets (to the values this row holds) still hold them when the
     * write lands, so a concurrent change of them makes it a 0-row update, not a wrong one.
     */
    private Condition keysUnchanged(Map<String, AttributeValue> item, List<Object> params) throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        for (SetClause s : sets) {
            if (s.sign() == SetClause.KEY) {
                ColumnMapping c = s.column();
                terms.add(new Condition.Equals(c.attribute(), c.toAttribute(Keys.stored(table, c.column(), s.value(), params))));
            }
        }
        return new Condition(List.copyOf(terms));
    }

    private List<UpdateAction> setActions(List<Object> params) throws SQLException {
        List<UpdateAction> actions = new ArrayList<>(sets.size() + 1);
        for (SetClause s : sets) {
            ColumnMapping c = s.column();
            if (s.sign() == SetClause.KEY) {
                continue;   // checked against each row: see keysUnchanged
            }
            Object v = s.sign() == 0 ? Keys.stored(table, c.column(), s.value(), params)
                    : Keys.coerce(c, table, wholeIncrement(c, s.value().resolve(params)), s.value());
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
        return actions;
    }
}
