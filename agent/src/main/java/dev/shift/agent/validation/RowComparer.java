package dev.shift.agent.validation;

import dev.shift.agent.merge.RowSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares MySQL's answer to a SELECT with DynamoDB's: columns matched by label (case-insensitive; a column
 * one side lacks reads as NULL there), values by {@link Values} (DECIMAL by value, timestamps to the
 * millisecond, NULL = absent, integer types numerically), rows as a multiset — or, when the SQL has ORDER BY,
 * by runs of equal sort keys (see {@link #compare}).
 */
final class RowComparer {

    private final Masking masking;

    RowComparer(Masking masking) {
        this.masking = masking;
    }

    /**
     * Null when the answers agree, otherwise what differed, short (masked columns' values never shown).
     *
     * <p>With ORDER BY, the rows must come in the same sequence of sort-key values, and within a run of equal keys
     * (a tie group) agree as a multiset: ORDER BY does not order tied rows, so either store may return them in any
     * order. With LIMIT, the last tie group may be cut, and which of the tied rows made it in is each store's
     * choice: its rows may differ, but their key and the row count must still agree (likewise the first group with
     * OFFSET). Without LIMIT's value (often a parameter) we cannot tell whether the cut was reached, so the last
     * group is always treated as cut then.
     */
    String compare(RowSet mysql, RowSet dynamo, OrderBy order) {
        List<String> labels = new ArrayList<>();
        List<RowSet.Column> columns = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RowSet side : List.of(mysql, dynamo)) {
            for (RowSet.Column c : side.columns()) {
                String key = c.label().toLowerCase(Locale.ROOT);
                if (seen.putIfAbsent(key, labels.size()) == null) {
                    labels.add(c.label());
                    columns.add(c);
                }
            }
        }
        Side a = new Side(mysql, indexes(mysql, labels));
        Side b = new Side(dynamo, indexes(dynamo, labels));
        int[] key = sortKey(order, mysql, labels);
        if (key.length == 0) {
            // No ORDER BY, or its first item is no result column (an expression, a column not selected): the order
            // cannot be checked without the key values, so the rows are compared as a multiset.
            return multiset(columns, a, 0, a.size(), b, 0, b.size(),
                    "MySQL returned " + a.size() + " row(s), DynamoDB " + b.size());
        }
        int n = Math.min(a.size(), b.size());
        int r = 0;
        while (r < n) {
            if (!a.key(r, key).equals(b.key(r, key))) {
                // another sort key at the same position: out of order, or rows missing / extra
                return "row " + (r + 1) + ": " + columnsDiffering(columns, a.value(r), b.value(r));
            }
            int endA = a.groupEnd(r, key);
            int endB = b.groupEnd(r, key);
            boolean cut = order.limited() && (endA == a.size() || (r == 0 && order.offset()));
            if (!cut) {
                String d = multiset(columns, a, r, endA, b, r, endB,
                        "MySQL " + (endA - r) + " row(s), DynamoDB " + (endB - r));
                if (d != null) {
                    return (endA - r == 1 && endB - r == 1 ? "row " + (r + 1)
                            : "rows " + (r + 1) + "-" + Math.max(endA, endB) + " (tied on " + names(columns, key) + ")")
                            + ": " + d;
                }
            }
            // A cut group of another size shows as a different key at the next position, or in the row counts.
            r = Math.min(endA, endB);
        }
        if (a.size() != b.size()) {
            return "MySQL returned " + a.size() + " row(s), DynamoDB " + b.size() + "; first extra row "
                    + (a.size() > b.size() ? "in MySQL: " + show(columns, a.value(n))
                            : "in DynamoDB: " + show(columns, b.value(n)));
        }
        return null;
    }

    /**
     * The common-column indexes of the ORDER BY items, up to the first one that is no result column (rows equal on
     * that prefix are compared as a multiset). A name is matched to a label of MySQL's answer, else to the column
     * name under an alias; an ambiguous name (several columns) counts as no match rather than risk the wrong key.
     */
    private static int[] sortKey(OrderBy order, RowSet mysql, List<String> labels) {
        List<Integer> key = new ArrayList<>();
        for (OrderBy.Item item : order.items()) {
            String label = null;
            if (item.position() > 0 && item.position() <= mysql.columnCount()) {
                label = mysql.columns().get(item.position() - 1).label();
            } else if (item.name() != null) {
                label = unique(mysql, item.name(), true);
                if (label == null && !matches(mysql, item.name(), true)) {
                    label = unique(mysql, item.name(), false);
                }
            }
            int i = -1;
            for (int c = 0; label != null && c < labels.size() && i < 0; c++) {
                i = labels.get(c).equalsIgnoreCase(label) ? c : -1;
            }
            if (i < 0) {
                break;
            }
            key.add(i);
        }
        return key.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The label of the one column of {@code side} whose label (or name) is {@code name}, else null. */
    private static String unique(RowSet side, String name, boolean byLabel) {
        String found = null;
        for (RowSet.Column c : side.columns()) {
            if ((byLabel ? c.label() : c.name()).equalsIgnoreCase(name)) {
                if (found != null) {
                    return null;
                }
                found = c.label();
            }
        }
        return found;
    }

    private static boolean matches(RowSet side, String name, boolean byLabel) {
        return side.columns().stream().anyMatch(c -> (byLabel ? c.label() : c.name()).equalsIgnoreCase(name));
    }

    /** Null when rows {@code [fromA, toA)} of MySQL and {@code [fromB, toB)} of DynamoDB agree as multisets. */
    private String multiset(List<RowSet.Column> columns, Side a, int fromA, int toA, Side b, int fromB, int toB,
            String counts) {
        Map<List<Object>, Integer> left = new HashMap<>();
        for (int r = fromA; r < toA; r++) {
            left.merge(a.rows.get(r), 1, Integer::sum);
        }
        List<Integer> onlyDynamo = new ArrayList<>();
        for (int r = fromB; r < toB; r++) {
            Integer c = left.get(b.rows.get(r));
            if (c == null || c == 0) {
                onlyDynamo.add(r);
            } else {
                left.put(b.rows.get(r), c - 1);
            }
        }
        List<Integer> onlyMysql = new ArrayList<>();
        for (int r = fromA; r < toA; r++) {
            Integer c = left.get(a.rows.get(r));
            if (c != null && c > 0) {
                onlyMysql.add(r);
                left.put(a.rows.get(r), c - 1);
            }
        }
        if (onlyMysql.isEmpty() && onlyDynamo.isEmpty()) {
            return null;
        }
        if (onlyMysql.size() == 1 && onlyDynamo.size() == 1) {
            return columnsDiffering(columns, a.value(onlyMysql.get(0)), b.value(onlyDynamo.get(0)));
        }
        StringBuilder sb = new StringBuilder(counts);
        if (!onlyMysql.isEmpty()) {
            sb.append("; ").append(onlyMysql.size()).append(" only in MySQL, e.g. ").append(show(columns, a.value(onlyMysql.get(0))));
        }
        if (!onlyDynamo.isEmpty()) {
            sb.append("; ").append(onlyDynamo.size()).append(" only in DynamoDB, e.g. ").append(show(columns, b.value(onlyDynamo.get(0))));
        }
        return sb.toString();
    }

    private static String names(List<RowSet.Column> columns, int[] key) {
        List<String> out = new ArrayList<>();
        for (int i : key) {
            out.add(columns.get(i).label());
        }
        return String.join(", ", out);
    }

    /** One answer: its rows aligned to the common columns, raw (to show) and canonical (to compare). */
    private static final class Side {
        final RowSet set;
        final int[] idx;
        final List<List<Object>> rows;

        Side(RowSet set, int[] idx) {
            this.set = set;
            this.idx = idx;
            this.rows = canonical(set, idx);
        }

        int size() {
            return rows.size();
        }

        Object[] value(int r) {
            return RowComparer.value(set, r, idx);
        }

        List<Object> key(int r, int[] key) {
            List<Object> k = new ArrayList<>(key.length);
            for (int i : key) {
                k.add(rows.get(r).get(i));
            }
            return k;
        }

        /** The end (exclusive) of the run of rows with row {@code r}'s sort key. */
        int groupEnd(int r, int[] key) {
            List<Object> k = key(r, key);
            int e = r + 1;
            while (e < rows.size() && key(e, key).equals(k)) {
                e++;
            }
            return e;
        }
    }

    private static int[] indexes(RowSet side, List<String> labels) {
        int[] idx = new int[labels.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = -1;
            for (int c = 0; c < side.columnCount(); c++) {
                if (side.columns().get(c).label().equalsIgnoreCase(labels.get(i))) {
                    idx[i] = c;
                    break;
                }
            }
        }
        return idx;
    }

    private static List<List<Object>> canonical(RowSet side, int[] idx) {
        List<List<Object>> out = new ArrayList<>(side.rows().size());
        for (int r = 0; r < side.rows().size(); r++) {
            Object[] row = value(side, r, idx);
            List<Object> c = new ArrayList<>(row.length);
            for (Object v : row) {
                c.add(Values.canonical(v));
            }
            out.add(c);
        }
        return out;
    }

    /** Row {@code r} of {@code side} aligned to the common columns (absent columns as null). */
    private static Object[] value(RowSet side, int r, int[] idx) {
        Object[] src = side.rows().get(r);
        Object[] out = new Object[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i] < 0 || idx[i] >= src.length ? null : src[idx[i]];
        }
        return out;
    }

    private String columnsDiffering(List<RowSet.Column> columns, Object[] mysql, Object[] dynamo) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!Values.equal(mysql[i], dynamo[i])) {
                RowSet.Column c = columns.get(i);
                parts.add(masking.masks(c) ? "column " + c.label() + " differs (masked)"
                        : "column " + c.label() + ": MySQL " + Values.show(mysql[i]) + ", DynamoDB " + Values.show(dynamo[i]));
            }
        }
        return parts.isEmpty() ? "rows differ" : String.join("; ", parts);
    }

    private String show(List<RowSet.Column> columns, Object[] row) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            RowSet.Column c = columns.get(i);
            sb.append(i == 0 ? "" : ", ").append(c.label()).append('=')
                    .append(masking.masks(c) ? Masking.MASK : Values.show(row[i]));
        }
        return sb.append('}').toString();
    }
}
