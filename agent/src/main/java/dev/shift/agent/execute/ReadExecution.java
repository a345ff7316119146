package dev.shift.agent.execute;

import dev.shift.agent.dynamo.DynamoErrors;
import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.ItemReader;
import dev.shift.agent.dynamo.MysqlRows;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.ItemRows;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.merge.RowMerger;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.merge.SqlValues;
import dev.shift.agent.sql.ReadPlan;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Runs a {@link ReadPlan}: read items → rows → join the MySQL side → merge. */
public final class ReadExecution {
    private ReadExecution() {
    }

    /**
     * The statement's result. {@code reader} is DynamoDB, or a transaction's view of it including its pending writes;
     * {@code mysql} reads the joined table that stays in MySQL.
     */
    public static RowSet run(ReadPlan plan, ItemReader reader, List<Object> params, MysqlRows mysql) throws SQLException {
        if (plan.countsOnly()) {
            return counted(plan, reader, params);
        }
        return merge(plan, items(reader, plan, params), params, mysql);
    }

    /** {@link ReadPlan#countsOnly}: DynamoDB counts the items of the one Query (none when a NULL key matches no row). */
    private static RowSet counted(ReadPlan plan, ItemReader reader, List<Object> params) throws SQLException {
        List<ReadRequest> requests = plan.requests(params);
        long n = 0;
        if (!requests.isEmpty()) {
            ReadRequest.Query q = (ReadRequest.Query) requests.get(0);
            try {
                n = reader.count(q, plan.mapping().entityAttribute(), plan.itemTable().entity());
            } catch (SdkException e) {
                throw DynamoErrors.toSql(plan.sql(), plan.mapping().tableName(), q.describe(plan.mapping().tableName())
                        + " (count)", e);
            }
        }
        return result(plan, RowMerger.counted(plan.merge(), n, params), null);
    }

    /**
     * As {@link #run}, in a transaction, for a {@code SELECT … FOR UPDATE}: the items read (and the keys looked up and
     * not found) are held by the transaction, whose COMMIT then applies only if they are unchanged.
     */
    public static RowSet runLocking(ReadPlan plan, DynamoTransaction tx, List<Object> params, MysqlRows mysql) throws SQLException {
        List<Map<String, AttributeValue>> items = items(tx.reader(), plan, params);
        Set<ItemKey> found = new java.util.HashSet<>();
        Mapping m = plan.mapping();
        for (Map<String, AttributeValue> item : items) {
            found.add(new ItemKey(item.get(m.partitionKeyAttribute()).s(), item.get(m.sortKeyAttribute()).s()));
        }
        List<ItemKey> absent = new ArrayList<>();
        for (ReadRequest r : plan.requests(params)) {
            if (r instanceof ReadRequest.Get g && !found.contains(g.key())) {
                absent.add(g.key());
            }
        }
        tx.lockRead(items, absent);
        return merge(plan, items, params, mysql);
    }

    private static RowSet merge(ReadPlan plan, List<Map<String, AttributeValue>> items, List<Object> params, MysqlRows mysql)
            throws SQLException {
        List<Object[]> rows = plan.children() == null
                ? ItemRows.of(plan.mapping(), plan.rowTable(), plan.itemTable(), items)
                : ItemRows.withChildren(plan.mapping(), plan.rowTable(), plan.children().table(), plan.children().outer(), items);
        RowSet right = null;
        if (plan.join() != null) {
            right = fetchRight(plan.join(), rows, mysql);
            rows = join(plan.join(), rows, right, plan.rowTable().columns().size());
        }
        return result(plan, RowMerger.merge(plan.merge(), rows, params), right);
    }

    /** The merged rows as the result: each value as its column's type holds it. */
    private static RowSet result(ReadPlan plan, List<Object[]> out, RowSet right) {
        List<RowSet.Column> columns = plan.columns(right == null ? null : right.columns());
        for (Object[] row : out) {
            for (int i = 0; i < row.length; i++) {
                row[i] = asColumnType(row[i], columns.get(i));
            }
        }
        return new RowSet(columns, out);
    }

    /**
     * A value as its result column's type holds it, as MySQL converts the branches of a CASE or IF, or COALESCE's
     * arguments, to one type: a number in a DECIMAL column at the column's scale, integers as the column's class,
     * anything in a VARCHAR column as text.
     */
    static Object asColumnType(Object v, RowSet.Column c) {
        if (v == null) {
            return null;
        }
        switch (c.sqlType()) {
            case java.sql.Types.DECIMAL:
                if (v instanceof Number || v instanceof Boolean) {
                    java.math.BigDecimal d = SqlValues.number(v);
                    return d.scale() == c.scale() ? d : d.setScale(c.scale(), java.math.RoundingMode.HALF_UP);
                }
                return v;
            case java.sql.Types.BIGINT:
                return v instanceof Integer || v instanceof Short || v instanceof Byte ? Long.valueOf(((Number) v).longValue()) : v;
            case java.sql.Types.INTEGER:
                return v instanceof Long l && l == l.intValue() ? Integer.valueOf(l.intValue()) : v;
            case java.sql.Types.VARCHAR:
                return v instanceof String ? v : SqlValues.text(v);
            default:
                return v;
        }
    }

    /** The items the plan's key-bounded reads return, each once (an {@code IN} list may name a key twice). */
    public static List<Map<String, AttributeValue>> items(ItemReader reader, ReadPlan plan, List<Object> params)
            throws SQLException {
        List<ReadRequest> requests = plan.requests(params);
        Mapping m = plan.mapping();
        if (requests.size() == 1) {
            return read(reader, plan, requests.get(0));
        }
        Map<ItemKey, Map<String, AttributeValue>> byKey = new java.util.LinkedHashMap<>();
        for (ReadRequest r : requests) {
            for (Map<String, AttributeValue> item : read(reader, plan, r)) {
                byKey.putIfAbsent(new ItemKey(item.get(m.partitionKeyAttribute()).s(), item.get(m.sortKeyAttribute()).s()), item);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static List<Map<String, AttributeValue>> read(ItemReader reader, ReadPlan plan, ReadRequest r) throws SQLException {
        try {
            return reader.read(r);
        } catch (SdkException e) {
            throw DynamoErrors.toSql(plan.sql(), plan.mapping().tableName(), r.describe(plan.mapping().tableName()), e);
        }
    }

    private static RowSet fetchRight(ReadPlan.Join join, List<Object[]> rows, MysqlRows mysql) throws SQLException {
        Set<Object> keys = new LinkedHashSet<>();
        for (Object[] r : rows) {
            if (r[join.leftSlot()] != null) {
                keys.add(r[join.leftSlot()]);
            }
        }
        // With no key to look up, MySQL is still asked (WHERE 1 = 0) so the result's metadata is right.
        return mysql.query(join.sql(keys.size()), new ArrayList<>(keys));
    }

    /** Each row of the migrated table with its matching rows of the joined one (NULLs for none, in a LEFT JOIN). */
    private static List<Object[]> join(ReadPlan.Join join, List<Object[]> left, RowSet right, int leftWidth) {
        Map<Object, List<Object[]>> byKey = new HashMap<>();
        for (Object[] r : right.rows()) {
            Object k = r[join.joinIndex()];
            if (k != null) {
                byKey.computeIfAbsent(SqlValues.groupKey(k, join.collation()), x -> new ArrayList<>(1)).add(r);
            }
        }
        int width = leftWidth + join.columns().size();
        List<Object[]> out = new ArrayList<>(left.size());
        for (Object[] l : left) {
            Object k = l[join.leftSlot()];
            List<Object[]> matches = k == null ? null : byKey.get(SqlValues.groupKey(k, join.collation()));
            if (matches == null) {
                if (join.outer()) {
                    out.add(Arrays.copyOf(l, width));
                }
                continue;
            }
            for (Object[] r : matches) {
                Object[] row = Arrays.copyOf(l, width);
                System.arraycopy(r, 0, row, leftWidth, join.columns().size());
                out.add(row);
            }
        }
        return out;
    }
}
