package dev.shift.agent.sql;

import dev.shift.agent.dynamo.DynamoErrors;
import dev.shift.agent.dynamo.ItemReader;
import dev.shift.agent.dynamo.MysqlRows;
import dev.shift.agent.dynamo.ReadRequest;
import dev.shift.agent.dynamo.RowSet;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A SELECT answered from DynamoDB. Stages at execution: build the {@link ReadRequest} from the parameters
 * → read items → rows of the migrated table (embedded children exploded from their parent item) → filter
 * (every WHERE equality, in memory) → JOIN the non-migrated side read from MySQL by primary key
 * {@code IN (…)} → sort → aggregate or project → OFFSET/LIMIT. Rows hold values as Connector/J returns them.
 */
public final class ReadPlan implements StatementPlan {

    /** A filter on a migrated column: {@code row[slot] = value}. */
    record Filter(int slot, ColumnMapping column, ValueSource value) {
    }

    record Sort(int slot, boolean asc) {
    }

    /** The non-migrated side of a JOIN: read from MySQL by {@code joinColumn IN (…)}. */
    record Join(String tableSql, String qualifier, int leftSlot, List<String> columns, int joinIndex, boolean outer) {
    }

    enum Agg { COUNT_ALL, COUNT, SUM, MIN, MAX }

    /** One output column: a slot (migrated column, or right side when slot ≥ leftWidth) or an aggregate. */
    record Output(String label, String name, Agg agg, int slot, ColumnMapping column) {
    }

    private final String sql;
    private final Mapping mapping;
    private final TableMapping table;
    private final String tableLabel;
    private final Access access;
    private final List<Filter> filters;
    private final Join join;
    private final List<Output> outputs;
    private final boolean aggregate;
    private final List<Sort> sorts;
    private final ValueSource limit;
    private final ValueSource offset;
    private final boolean forward;
    private final boolean pushLimit;
    private final int leftWidth;

    ReadPlan(String sql, Mapping mapping, TableMapping table, String tableLabel, Access access, List<Filter> filters,
             Join join, List<Output> outputs, boolean aggregate, List<Sort> sorts, ValueSource limit,
             ValueSource offset, boolean forward, boolean pushLimit) {
        this.sql = sql;
        this.mapping = mapping;
        this.table = table;
        this.tableLabel = tableLabel;
        this.access = access;
        this.filters = List.copyOf(filters);
        this.join = join;
        this.outputs = List.copyOf(outputs);
        this.aggregate = aggregate;
        this.sorts = List.copyOf(sorts);
        this.limit = limit;
        this.offset = offset;
        this.forward = forward;
        this.pushLimit = pushLimit;
        this.leftWidth = table.columns().size();
    }

    @Override
    public String sql() {
        return sql;
    }

    /** The migrated table this SELECT reads. */
    public String table() {
        return table.name();
    }

    /** The DynamoDB read for these parameters (null when a NULL key value means no row can match). */
    public ReadRequest request(List<Object> params) throws SQLException {
        try {
            return access.request(params, forward, pushLimit ? limitValue(params, true) : null);
        } catch (Access.NullKey n) {
            return null;
        }
    }

    /** The whole plan for these parameters as text (golden tests, diagnostics). */
    public String describe(List<Object> params) throws SQLException {
        ReadRequest r = request(params);
        StringBuilder sb = new StringBuilder(r == null ? "(no read: NULL key)" : r.describe(mapping.tableName()));
        if (table.isEmbedded()) {
            sb.append("\n  rows: ").append(table.name()).append(" from ").append(table.embedding().get().parentTable())
                    .append('.').append(table.embedding().get().attribute());
        }
        if (!filters.isEmpty()) {
            List<String> f = new ArrayList<>();
            for (Filter fl : filters) {
                f.add(fl.column().column() + " = " + fl.value().describe());
            }
            sb.append("\n  filter: ").append(String.join(" AND ", f));
        }
        if (join != null) {
            sb.append("\n  join ").append(join.outer() ? "left " : "").append("mysql: ").append(joinSql(1).replace("IN (?)", "IN (<keys>)"))
                    .append(" on ").append(slotName(join.leftSlot()));
        }
        if (!sorts.isEmpty()) {
            List<String> s = new ArrayList<>();
            for (Sort so : sorts) {
                s.add(slotName(so.slot()) + (so.asc() ? "" : " DESC"));
            }
            sb.append("\n  sort: ").append(String.join(", ", s));
        }
        if (limit != null) {
            sb.append("\n  limit: ").append(limit.describe()).append(offset == null ? "" : " offset " + offset.describe());
        }
        List<String> o = new ArrayList<>();
        for (Output out : outputs) {
            o.add(out.agg() == null ? out.label() : (out.agg() == Agg.COUNT_ALL ? "COUNT" : out.agg().name()) + "(" + (out.slot() < 0 ? "*" : slotName(out.slot())) + ") AS " + out.label());
        }
        sb.append("\n  columns: ").append(String.join(", ", o));
        return sb.toString();
    }

    private String slotName(int slot) {
        if (slot < leftWidth) {
            return tableLabel + "." + new ArrayList<>(table.columns().keySet()).get(slot);
        }
        return join.qualifier() + "." + join.columns().get(slot - leftWidth);
    }

    // ------------------------------------------------------------------ execution

    /** Runs the plan. {@code reader} is the gateway, or a transaction's view including its pending writes. */
    public RowSet execute(ItemReader reader, List<Object> params, MysqlRows mysql) throws SQLException {
        ReadRequest request = request(params);
        List<Map<String, AttributeValue>> items;
        try {
            items = request == null ? List.of() : reader.read(request);
        } catch (SdkException e) {
            throw DynamoErrors.toSql(sql, mapping.tableName(), request.describe(mapping.tableName()), e);
        }
        List<Object[]> rows = rows(items);
        rows = filter(rows, params);
        List<RowSet.Column> rightColumns = null;
        if (join != null) {
            RowSet right = fetchRight(rows, mysql);
            rightColumns = right.columns();
            rows = joinRows(rows, right);
        }
        if (!sorts.isEmpty() && !aggregate) {
            rows.sort(comparator());
        }
        List<RowSet.Column> columns = columns(rightColumns, rows);
        List<Object[]> out;
        if (aggregate) {
            out = new ArrayList<>(1);
            out.add(aggregateRow(rows));
        } else {
            out = project(rows);
        }
        if (limit != null) {
            long lim = limitValue(params, false);
            long off = offset == null ? 0 : nonNegative(offset, params);
            int from = (int) Math.min(off, out.size());
            int to = (int) Math.min(out.size(), from + lim);
            out = out.subList(from, to);
        }
        return new RowSet(columns, out);
    }

    private int limitValue(List<Object> params, boolean withOffset) throws SQLException {
        long lim = nonNegative(limit, params);
        if (withOffset && offset != null) {
            lim += nonNegative(offset, params);
        }
        return (int) Math.min(Integer.MAX_VALUE, lim);
    }

    private static long nonNegative(ValueSource v, List<Object> params) throws SQLException {
        Object o = v.resolve(params);
        try {
            long n = ColumnType.toBigDecimal(o).longValueExact();
            if (n < 0) {
                throw new SQLException("Shift: LIMIT/OFFSET must not be negative: " + n, "42000");
            }
            return n;
        } catch (RuntimeException e) {
            throw new SQLException("Shift: LIMIT/OFFSET " + v.describe() + " = '" + o + "' is not a number", "42000", e);
        }
    }

    private List<Object[]> rows(List<Map<String, AttributeValue>> items) {
        List<Object[]> rows = new ArrayList<>(items.size());
        TableMapping itemTable = access.table;
        String entityAttr = mapping.entityAttribute();
        List<ColumnMapping> cols = new ArrayList<>(table.columns().values());
        Embedding emb = table.embedding().orElse(null);
        for (Map<String, AttributeValue> item : items) {
            AttributeValue entity = item.get(entityAttr);
            if (entity != null && entity.s() != null && !entity.s().equals(itemTable.entity())) {
                continue;
            }
            if (emb == null) {
                Object[] row = new Object[leftWidth];
                for (int i = 0; i < leftWidth; i++) {
                    ColumnMapping c = cols.get(i);
                    row[i] = c.fromAttribute(item.get(c.attribute()));
                }
                rows.add(row);
                continue;
            }
            AttributeValue list = item.get(emb.attribute());
            if (list == null || !list.hasL()) {
                continue;
            }
            Object[] parentValues = new Object[leftWidth];
            for (int i = 0; i < leftWidth; i++) {
                String parentCol = emb.parentColumns().get(cols.get(i).column());
                if (parentCol != null) {
                    ColumnMapping pc = itemTable.column(parentCol);
                    parentValues[i] = cols.get(i).coerce(pc.fromAttribute(item.get(pc.attribute())));
                }
            }
            for (AttributeValue child : list.l()) {
                Map<String, AttributeValue> m = child.hasM() ? child.m() : Map.of();
                Object[] row = new Object[leftWidth];
                for (int i = 0; i < leftWidth; i++) {
                    ColumnMapping c = cols.get(i);
                    row[i] = emb.parentColumns().containsKey(c.column()) ? parentValues[i] : c.fromAttribute(m.get(c.attribute()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Object[]> filter(List<Object[]> rows, List<Object> params) throws SQLException {
        if (filters.isEmpty()) {
            return rows;
        }
        Object[] expected = new Object[filters.size()];
        for (int i = 0; i < expected.length; i++) {
            Filter f = filters.get(i);
            expected[i] = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        outer:
        for (Object[] r : rows) {
            for (int i = 0; i < expected.length; i++) {
                if (!Keys.sqlEquals(r[filters.get(i).slot()], expected[i])) {
                    continue outer;
                }
            }
            out.add(r);
        }
        return out;
    }

    private String joinSql(int n) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < join.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(join.qualifier()).append(".`").append(join.columns().get(i)).append('`');
        }
        sb.append(" FROM ").append(join.tableSql()).append(' ').append(join.qualifier()).append(" WHERE ");
        if (n == 0) {
            return sb.append("1 = 0").toString();
        }
        sb.append(join.qualifier()).append(".`").append(join.columns().get(join.joinIndex())).append("` IN (");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }

    private RowSet fetchRight(List<Object[]> rows, MysqlRows mysql) throws SQLException {
        Set<Object> keys = new LinkedHashSet<>();
        for (Object[] r : rows) {
            if (r[join.leftSlot()] != null) {
                keys.add(r[join.leftSlot()]);
            }
        }
        // With no key to look up, MySQL is still asked (WHERE 1 = 0) so the result's metadata is right.
        return mysql.query(joinSql(keys.size()), new ArrayList<>(keys));
    }

    private List<Object[]> joinRows(List<Object[]> left, RowSet right) {
        Map<Object, List<Object[]>> byKey = new HashMap<>();
        for (Object[] r : right.rows()) {
            Object k = r[join.joinIndex()];
            if (k != null) {
                byKey.computeIfAbsent(Keys.joinKey(k), x -> new ArrayList<>(1)).add(r);
            }
        }
        int width = leftWidth + join.columns().size();
        List<Object[]> out = new ArrayList<>(left.size());
        for (Object[] l : left) {
            Object k = l[join.leftSlot()];
            List<Object[]> matches = k == null ? null : byKey.get(Keys.joinKey(k));
            if (matches == null) {
                if (join.outer()) {
                    out.add(java.util.Arrays.copyOf(l, width));
                }
                continue;
            }
            for (Object[] r : matches) {
                Object[] row = java.util.Arrays.copyOf(l, width);
                System.arraycopy(r, 0, row, leftWidth, join.columns().size());
                out.add(row);
            }
        }
        return out;
    }

    private Comparator<Object[]> comparator() {
        Comparator<Object[]> c = null;
        for (Sort s : sorts) {
            int slot = s.slot();
            // MySQL: NULL sorts first ascending, last descending
            Comparator<Object[]> one = (a, b) -> Keys.compare(a[slot], b[slot]);
            if (!s.asc()) {
                one = one.reversed();
            }
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }

    private List<Object[]> project(List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>(rows.size());
        int n = outputs.size();
        for (Object[] r : rows) {
            Object[] o = new Object[n];
            for (int i = 0; i < n; i++) {
                o[i] = r[outputs.get(i).slot()];
            }
            out.add(o);
        }
        return out;
    }

    private Object[] aggregateRow(List<Object[]> rows) {
        Object[] o = new Object[outputs.size()];
        for (int i = 0; i < o.length; i++) {
            Output out = outputs.get(i);
            switch (out.agg()) {
                case COUNT_ALL:
                    o[i] = (long) rows.size();
                    break;
                case COUNT: {
                    long n = 0;
                    for (Object[] r : rows) {
                        n += r[out.slot()] == null ? 0 : 1;
                    }
                    o[i] = n;
                    break;
                }
                case SUM: {
                    BigDecimal sum = null;
                    for (Object[] r : rows) {
                        Object v = r[out.slot()];
                        if (v != null) {
                            BigDecimal d = ColumnType.toBigDecimal(v);
                            sum = sum == null ? d : sum.add(d);
                        }
                    }
                    o[i] = sum;   // SUM of no rows is NULL, as in MySQL
                    break;
                }
                default: {
                    Object best = null;
                    for (Object[] r : rows) {
                        Object v = r[out.slot()];
                        if (v != null && (best == null || (out.agg() == Agg.MIN ? Keys.compare(v, best) < 0 : Keys.compare(v, best) > 0))) {
                            best = v;
                        }
                    }
                    o[i] = best;
                }
            }
        }
        return o;
    }

    private List<RowSet.Column> columns(List<RowSet.Column> right, List<Object[]> rows) {
        List<RowSet.Column> cols = new ArrayList<>(outputs.size());
        for (Output out : outputs) {
            if (out.agg() == Agg.COUNT_ALL || out.agg() == Agg.COUNT) {
                cols.add(new RowSet.Column(out.label(), out.label(), "", Types.BIGINT, "BIGINT", 0));
                continue;
            }
            RowSet.Column base;
            if (out.slot() < leftWidth) {
                ColumnMapping c = out.column();
                int scale = c.type() == ColumnType.DECIMAL ? c.scale() : 0;   // Connector/J reports DATETIME(3) with scale 0
                base = new RowSet.Column(out.label(), out.name(), tableLabel, c.type().sqlType(), c.type().sqlTypeName(), scale);
            } else {
                RowSet.Column rc = right.get(out.slot() - leftWidth);
                base = new RowSet.Column(out.label(), rc.name(), join.qualifier(), rc.sqlType(), rc.typeName(), rc.scale());
            }
            if (out.agg() == Agg.SUM) {
                // MySQL: SUM of an exact number is DECIMAL (scale of the column; 0 for integers)
                int scale = base.sqlType() == Types.DECIMAL ? base.scale() : 0;
                cols.add(new RowSet.Column(out.label(), out.label(), "", Types.DECIMAL, "DECIMAL", scale));
            } else if (out.agg() != null) {
                cols.add(new RowSet.Column(out.label(), out.label(), "", base.sqlType(), base.typeName(), base.scale()));
            } else {
                cols.add(base);
            }
        }
        return Collections.unmodifiableList(cols);
    }
}
