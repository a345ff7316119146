package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DELETE by full key (autocommit: one conditional DeleteItem, condition failure = 0 rows) or by partition /
 * index (Query, match in memory, one DeleteItem per row; the count is the number of rows found).
 */
public final class DeletePlan extends WritePlan {
    private final List<KeyFilter> filters;
    private final PlanBuilder.Where where;
    private final Access access;
    private final boolean indexAlone;   // see byIndexAlone

    DeletePlan(String sql, Mapping mapping, TableMapping table, PlanBuilder.Where where, Access access) {
        super(sql, mapping, table);
        this.where = where;
        this.filters = List.copyOf(where.filters());
        this.access = access;
        this.indexAlone = throughUniqueIndexAlone(access, where, filters);
    }

    /** Under autocommit, through a unique index: one conditional DeleteItem per hit, nothing read by key. */
    private boolean byIndexAlone(WriteSituation situation) {
        return indexAlone && !situation.buffered();
    }

    @Override
    public RowScope scope(List<Object> params, Long generatedId) throws SQLException {
        return scopeOf(access, params);
    }

    /** Under autocommit, by full key: one conditional DeleteItem, nothing read. */
    private boolean byKeyAlone(boolean buffered) {
        return access.kind == Access.Kind.GET && !buffered && conditionsCompareExactly(filters)
                && where.residual() == null;
    }

    @Override
    public boolean takesMysqlRows() {
        return true;
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

    /** A DELETE sets no value: nothing to check. */
    @Override
    Object check(List<Object> params) {
        return null;
    }

    @Override
    List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation) throws SQLException {
        return byKeyAlone(situation.buffered()) || situation.mysqlRows() != null ? List.of()
                : byIndexAlone(situation) ? keysThrough(access, params)
                : readOf(access, params);
    }

    @Override
    WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                     List<Map<String, AttributeValue>> read) throws SQLException {
        if (situation.mysqlRows() != null) {
            return writesPerMysqlRow(situation.mysqlRows(), params, situation, Condition.NONE, ItemWrite.Delete::new);
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
            return new WriteResult(List.of(new ItemWrite.Delete(key, c, true)), 0, null);
        }
        if (byIndexAlone(situation)) {
            return writesPerHit(filters, params, read, (key, c) -> new ItemWrite.Delete(key, c, true));
        }
        List<Map<String, AttributeValue>> found = matching(where, params, read);
        List<ItemWrite> writes = new ArrayList<>(found.size());
        for (Map<String, AttributeValue> item : found) {
            // Rows chosen by more than their key: each still as read when it goes, else the statement runs again.
            Condition asRead = where.residual() == null || situation.buffered() ? Condition.NONE : unchangedSinceRead(item);
            writes.add(new ItemWrite.Delete(keyOf(item), asRead, false));
        }
        return new WriteResult(writes, found.size(), null);
    }
}
