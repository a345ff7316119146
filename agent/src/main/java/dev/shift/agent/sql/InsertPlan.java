package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.RowItems;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * INSERT into a top-level migrated table → PutItem of the whole item; with
 * {@code ON DUPLICATE KEY UPDATE} → one UpdateItem (an upsert): {@code col = col + ?} becomes ADD (or
 * {@code if_not_exists(col, inserted - inc) + inc} when the inserted value differs from the increment), other
 * inserted columns {@code SET x = if_not_exists(x, :v)}, {@code col = ?}/{@code VALUES(col)} plain SET.
 *
 * <p>A plain INSERT overwrites an item with the same key (DynamoDB has no duplicate-key error without a
 * condition, and in dual-write phases MySQL has already accepted the row): duplicate keys are MySQL's
 * job while it is written; in phase 5 the only generated keys come from {@code IdAllocator}.
 * The update count is MySQL's: 1, and 2 for an upsert that found the row (UpdateItem ReturnValues UPDATED_OLD
 * under autocommit; a read through the transaction's view inside one).
 */
public final class InsertPlan extends WritePlan {

    enum DupKind { SET, ADD, VALUES }

    record DupSet(String column, DupKind kind, ValueSource value, boolean negate) {
    }

    private final List<String> columns;
    private final List<ValueSource> values;
    private final List<DupSet> duplicateUpdates;   // null: plain INSERT

    InsertPlan(String sql, Mapping mapping, TableMapping table, List<String> columns, List<ValueSource> values,
               List<DupSet> duplicateUpdates) {
        super(sql, mapping, table);
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.duplicateUpdates = duplicateUpdates == null ? null : List.copyOf(duplicateUpdates);
    }

    @Override
    public Optional<String> generatedColumn() {
        return Optional.ofNullable(table.autoIncrement().orElse(null));
    }

    /**
     * The inserted row: by its generated id when an index is keyed on that id alone (orders by id), else by its
     * item key's columns; while MySQL's id is not known yet, the row's partition.
     */
    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        Map<String, Object> vals = stored(params);
        String auto = table.autoIncrement().orElse(null);
        if (auto != null) {
            Object v = vals.get(auto);
            if (v == null || ColumnType.toBigDecimal(v).signum() == 0) {
                vals.put(auto, generatedId == null ? null : table.column(auto).coerce(generatedId));
            }
            if (vals.get(auto) != null && table.indexes().values().stream().anyMatch(k -> k.columns().equals(List.of(auto)))) {
                return new RowScope(table.name(), Map.of(auto, vals.get(auto)));
            }
        }
        Map<String, Object> key = new HashMap<>();
        List<String> keyColumns = new ArrayList<>(table.partitionKey().columns());
        table.sortKey().columns().stream().filter(c -> !keyColumns.contains(c)).forEach(keyColumns::add);
        for (String c : keyColumns) {
            key.put(c, vals.get(c));
        }
        if (key.values().stream().noneMatch(java.util.Objects::isNull)) {
            return new RowScope(table.name(), key);
        }
        key.clear();
        for (String c : table.partitionKey().columns()) {
            if (vals.get(c) == null) {
                return null;   // MySQL refuses a NULL key column; nothing changes
            }
            key.put(c, vals.get(c));
        }
        return new RowScope(table.name(), key);
    }

    /** The statement's values as the columns store them (refused as MySQL refuses them), before any id is taken. */
    @Override
    Object check(List<Object> params) throws SQLException {
        return stored(params);
    }

    @Override
    boolean needsGeneratedKey(Object checked) {
        return leavesIdToDatabase(values(checked));
    }

    /** The id is left to the database (here: to Shift's allocator) and is part of the item's key. */
    private boolean keyHoldsNewId(Object checked) {
        String auto = table.autoIncrement().orElse(null);
        return auto != null && leavesIdToDatabase(values(checked))
                && (table.partitionKey().columns().contains(auto) || table.sortKey().columns().contains(auto));
    }

    private boolean leavesIdToDatabase(Map<String, Object> vals) {
        String auto = table.autoIncrement().orElse(null);
        if (auto == null) {
            return false;
        }
        Object v = vals.get(auto);
        return v == null || ColumnType.toBigDecimal(v).signum() == 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Object checked) {
        return (Map<String, Object>) checked;
    }

    private Map<String, Object> stored(List<Object> params) throws SQLException {
        Map<String, Object> vals = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            vals.put(columns.get(i), Keys.stored(table, columns.get(i), values.get(i), params));
        }
        return vals;
    }

    /** The inserted row's values, the generated id included. */
    private Map<String, Object> row(Object checked, WriteSituation situation) throws SQLException {
        Map<String, Object> vals = new HashMap<>(values(checked));
        if (leavesIdToDatabase(vals)) {
            if (situation.generatedKey() == null) {
                throw new IllegalStateException("no generated key given for " + sql);
            }
            String auto = table.autoIncrement().orElseThrow();
            vals.put(auto, table.column(auto).coerce(situation.generatedKey()));
        }
        checkKeyNotNull(table, vals);
        return vals;
    }

    /**
     * Inside a transaction an upsert looks whether the row exists (the read sees pending writes): MySQL counts 2 then;
     * a plain INSERT that DynamoDB alone takes looks for a duplicate key, which MySQL refuses at once — unless its key
     * holds the id Shift has just given it, which no item has (the put's condition still guards it at COMMIT).
     */
    @Override
    List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation) throws SQLException {
        if (!situation.buffered() || (duplicateUpdates == null && (!situation.dynamoDbAlone() || keyHoldsNewId(checked)))) {
            return List.of();
        }
        Map<String, Object> vals = row(checked, situation);
        return List.of(new ReadRequest.Get(Keys.key(table, vals::get)));
    }

    /** A plain INSERT's conditioned put (phase 5) found the key taken: MySQL's duplicate-key error. */
    @Override
    public SQLException notApplied(ItemWrite write) {
        return duplicateUpdates == null && write instanceof ItemWrite.Put ? duplicateKey(write.key()) : null;
    }

    private SQLException duplicateKey(ItemKey key) {
        return new SQLException("Duplicate entry for key 'PRIMARY' (DynamoDB item " + key.pk() + " / " + key.sk() + ")",
                "23000", 1062);
    }

    @Override
    WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                     List<Map<String, AttributeValue>> read) throws SQLException {
        Map<String, Object> vals = row(checked, situation);
        String auto = table.autoIncrement().orElse(null);
        Long generatedKey = auto == null ? null : ColumnType.toBigDecimal(vals.get(auto)).longValueExact();
        ItemKey key = Keys.key(table, vals::get);
        if (duplicateUpdates == null) {
            if (!situation.dynamoDbAlone()) {
                return new WriteResult(List.of(put(key, vals, situation, Condition.NONE, false)), 1, generatedKey);
            }
            // DynamoDB alone: the key must be free, as MySQL's primary key requires.
            if (situation.buffered() && !read.isEmpty()) {
                throw duplicateKey(key);
            }
            Condition free = Condition.of(new Condition.NotExists(mapping.partitionKeyAttribute()));
            return new WriteResult(List.of(put(key, vals, situation, free, !situation.buffered())),
                    situation.buffered() ? 1 : 0, generatedKey);
        }
        ItemWrite.Update w = upsert(key, vals, params, situation);
        int foundCount = changesNothing(w) ? 1 : 2;
        if (situation.buffered()) {
            checkInRange(w.condition(), read.isEmpty() ? null : read.get(0));   // the upsert's condition is its ranges
            return new WriteResult(List.of(w), read.isEmpty() ? 1 : foundCount, generatedKey);
        }
        return new WriteResult(List.of(w), 1, generatedKey, true, foundCount);
    }

    /**
     * True when the duplicate-key update leaves an existing row as it is whatever it holds: every assignment adds 0
     * ({@code quantity = quantity + VALUES(quantity)} with 0 inserted). Assignments of values the row may already hold
     * count 2, as MySQL counts a changed row.
     */
    private boolean changesNothing(ItemWrite.Update w) {
        return duplicateUpdates.stream().allMatch(d -> d.kind() == DupKind.ADD) && w.actions().stream().allMatch(a ->
                a instanceof UpdateAction.Add add ? add.delta().signum() == 0
                        : !(a instanceof UpdateAction.Increment inc) || inc.increment().signum() == 0);
    }

    private ItemWrite put(ItemKey key, Map<String, Object> vals, WriteSituation situation, Condition condition,
                          boolean countsRow) {
        return new ItemWrite.Put(key, RowItems.item(mapping, table, vals, version(situation)), condition, countsRow);
    }

    private ItemWrite.Update upsert(ItemKey key, Map<String, Object> vals, List<Object> params, WriteSituation situation)
            throws SQLException {
        Map<String, DupSet> dup = new HashMap<>();
        for (DupSet d : duplicateUpdates) {
            dup.put(d.column(), d);
        }
        List<UpdateAction> actions = new ArrayList<>();
        actions.add(new UpdateAction.Set(mapping.entityAttribute(), AttributeValue.fromS(table.entity())));
        Map<String, AttributeValue> idx = new LinkedHashMap<>();
        putIndexAttributes(idx, vals);
        idx.forEach((a, v) -> actions.add(new UpdateAction.Set(a, v)));
        for (ColumnMapping c : table.columns().values()) {
            String col = c.column();
            Object inserted = vals.get(col);
            DupSet d = dup.get(col);
            if (d == null) {
                if (inserted != null) {
                    actions.add(new UpdateAction.SetIfAbsent(c.attribute(), c.toAttribute(inserted)));
                }
                continue;
            }
            switch (d.kind()) {
                case VALUES:
                    actions.add(inserted == null ? new UpdateAction.Remove(c.attribute()) : new UpdateAction.Set(c.attribute(), c.toAttribute(inserted)));
                    break;
                case SET: {
                    Object v = Keys.stored(table, col, d.value(), params);
                    actions.add(v == null ? new UpdateAction.Remove(c.attribute()) : new UpdateAction.Set(c.attribute(), c.toAttribute(v)));
                    break;
                }
                default: {
                    Object incRaw = d.value().resolve(params);
                    if (incRaw == null) {
                        throw new SQLException("Shift: increment " + d.value().describe() + " of " + col + " is NULL", "22004");
                    }
                    // VALUES(y) is the value the row would get (converted for its column); a parameter adds as MySQL adds.
                    int inserts = values.indexOf(d.value());
                    BigDecimal inc = ColumnType.toBigDecimal(inserts >= 0 && vals.get(columns.get(inserts)) != null
                            ? vals.get(columns.get(inserts)) : Keys.coerce(c, table, wholeIncrement(c, incRaw), d.value()));
                    if (d.negate()) {
                        inc = inc.negate();
                    }
                    BigDecimal ins = inserted == null ? null : ColumnType.toBigDecimal(inserted);
                    if (ins == null) {
                        throw new SQLException("Shift: " + col + " is incremented on duplicate key but inserted as NULL", "22004");
                    }
                    if (ins.compareTo(inc) == 0) {
                        actions.add(new UpdateAction.Add(c.attribute(), inc));
                    } else {
                        actions.add(new UpdateAction.Increment(c.attribute(), ins.subtract(inc), inc));
                    }
                }
            }
        }
        actions.add(new UpdateAction.Set(mapping.versionAttribute(), version(situation)));
        // An addition that would leave an integer's range fails the condition: MySQL's "Out of range value".
        return new ItemWrite.Update(key, List.copyOf(actions), addsInRange(actions), false);
    }
}
