package dev.shift.agent.merge;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies a {@link MergeSpec} to the rows a statement read: the merge stage of the pipeline. */
public final class RowMerger {
    private RowMerger() {
    }

    /** The statement's result rows (one value per output) from its input rows. */
    public static List<Object[]> merge(MergeSpec spec, List<Object[]> input, List<Object> params) throws SQLException {
        List<Object[]> rows = filter(spec.where(), input, params);
        if (spec.grouped()) {
            rows = filter(spec.having(), group(spec, rows, params), params);
        }
        return fromGroups(spec, rows, params);
    }

    /**
     * The result of a SELECT whose only aggregate is {@code COUNT(*)} over rows DynamoDB counted ({@code count}): its
     * one group's row, then the stages after grouping.
     */
    public static List<Object[]> counted(MergeSpec spec, long count, List<Object> params) throws SQLException {
        Object[] row = new Object[spec.width() + 1];
        row[spec.width()] = count;
        return fromGroups(spec, filter(spec.having(), List.<Object[]>of(row), params), params);
    }

    /** Outputs, DISTINCT, ORDER BY and LIMIT over the filtered (grouped) rows. */
    private static List<Object[]> fromGroups(MergeSpec spec, List<Object[]> rows, List<Object> params) throws SQLException {
        List<Object[][]> pairs = project(spec.outputs(), rows, params);   // {working row, output row}
        if (spec.distinct()) {
            pairs = distinct(spec.outputs(), pairs);
        }
        if (!spec.sorts().isEmpty()) {
            pairs = sort(spec.sorts(), pairs, params);
        }
        List<Object[]> out = new ArrayList<>(pairs.size());
        for (Object[][] p : pairs) {
            out.add(p[1]);
        }
        return slice(spec, out, params);
    }

    private static List<Object[]> filter(Expr predicate, List<Object[]> rows, List<Object> params) throws SQLException {
        if (predicate == null) {
            return rows;
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            if (predicate.test(r, params)) {
                out.add(r);
            }
        }
        return out;
    }

    /** One group: its first row (what non-aggregated columns read) and its aggregates' running values. */
    private static final class Group {
        Object[] first;
        final List<Aggregate.Accumulator> accumulators = new ArrayList<>();

        Group(MergeSpec spec) {
            for (Aggregate a : spec.aggregates()) {
                accumulators.add(a.start());
            }
        }
    }

    private static List<Object[]> group(MergeSpec spec, List<Object[]> rows, List<Object> params) throws SQLException {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        if (spec.groupBy().isEmpty()) {
            groups.put(List.of(), new Group(spec));   // aggregates without GROUP BY: one row, even over no rows
        }
        for (Object[] r : rows) {
            List<Object> key = new ArrayList<>(spec.groupBy().size());
            for (Expr g : spec.groupBy()) {
                key.add(SqlValues.groupKey(g.eval(r, params), g.collation()));
            }
            Group group = groups.computeIfAbsent(key, k -> new Group(spec));
            if (group.first == null) {
                group.first = r;
            }
            for (Aggregate.Accumulator a : group.accumulators) {
                a.add(r, params);
            }
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            Object[] row = g.first == null ? new Object[spec.width() + spec.aggregates().size()]
                    : Arrays.copyOf(g.first, spec.width() + spec.aggregates().size());
            int i = spec.width();
            for (Aggregate.Accumulator a : g.accumulators) {
                row[i++] = a.result();
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object[][]> project(List<Expr> outputs, List<Object[]> rows, List<Object> params) throws SQLException {
        List<Object[][]> pairs = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Object[] o = new Object[outputs.size()];
            for (int i = 0; i < o.length; i++) {
                o[i] = outputs.get(i).eval(r, params);
            }
            pairs.add(new Object[][] {r, o});
        }
        return pairs;
    }

    private static List<Object[][]> distinct(List<Expr> outputs, List<Object[][]> pairs) {
        Set<List<Object>> seen = new HashSet<>();
        List<Object[][]> out = new ArrayList<>(pairs.size());
        for (Object[][] p : pairs) {
            List<Object> key = new ArrayList<>(p[1].length);
            for (int i = 0; i < p[1].length; i++) {
                key.add(SqlValues.groupKey(p[1][i], outputs.get(i).collation()));
            }
            if (seen.add(key)) {
                out.add(p);
            }
        }
        return out;
    }

    /** ORDER BY: NULL first ascending and last descending, as MySQL sorts; stable, so ties keep the read order. */
    private static List<Object[][]> sort(List<MergeSpec.Sort> sorts, List<Object[][]> pairs, List<Object> params)
            throws SQLException {
        Object[][] keys = new Object[pairs.size()][];
        for (int i = 0; i < keys.length; i++) {
            Object[] k = new Object[sorts.size()];
            for (int j = 0; j < k.length; j++) {
                k[j] = sorts.get(j).key().eval(pairs.get(i)[0], params);
            }
            keys[i] = k;
        }
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> c = (x, y) -> {
            for (int j = 0; j < sorts.size(); j++) {
                int r = SqlValues.compareNullsFirst(keys[x][j], keys[y][j], sorts.get(j).key().collation());
                if (r != 0) {
                    return sorts.get(j).ascending() ? r : -r;
                }
            }
            return 0;
        };
        Arrays.sort(order, c);
        List<Object[][]> out = new ArrayList<>(pairs.size());
        for (Integer i : order) {
            out.add(pairs.get(i));
        }
        return out;
    }

    private static List<Object[]> slice(MergeSpec spec, List<Object[]> rows, List<Object> params) throws SQLException {
        if (spec.limit() == null) {
            return rows;
        }
        long limit = count(spec.limit(), params);
        long offset = spec.offset() == null ? 0 : count(spec.offset(), params);
        int from = (int) Math.min(offset, rows.size());
        int to = (int) Math.min(rows.size(), from + limit);
        return rows.subList(from, to);
    }

    /** A LIMIT or OFFSET value: a non-negative integer. */
    public static long count(Expr e, List<Object> params) throws SQLException {
        Object v = e.eval(new Object[0], params);
        long n;
        try {
            n = SqlValues.number(v).longValueExact();
        } catch (RuntimeException ex) {
            throw new SQLException("Shift: LIMIT/OFFSET " + e.describe() + " = '" + v + "' is not a whole number", "42000", 1064, ex);
        }
        if (n < 0) {
            throw new SQLException("Shift: LIMIT/OFFSET must not be negative: " + n, "42000", 1064);
        }
        return n;
    }
}
