package dev.shift.agent.validation;

import dev.shift.agent.dynamo.RowSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares MySQL's answer to a SELECT with DynamoDB's: columns matched by label (case-insensitive; a column
 * one side lacks reads as NULL there), values by {@link Values} (DECIMAL by value, timestamps to the
 * millisecond, NULL = absent, integer types numerically), rows as a multiset — in order only when the SQL
 * has ORDER BY.
 */
final class RowComparer {

    private static final Pattern ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\b", Pattern.CASE_INSENSITIVE);

    private final Masking masking;

    RowComparer(Masking masking) {
        this.masking = masking;
    }

    /** True when the statement's row order is part of its answer. */
    static boolean ordered(String sql) {
        return ORDER_BY.matcher(sql).find();
    }

    /** Null when the answers agree, otherwise what differed, short (masked columns' values never shown). */
    String compare(RowSet mysql, RowSet dynamo, boolean ordered) {
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
        int[] my = indexes(mysql, labels);
        int[] dd = indexes(dynamo, labels);
        List<List<Object>> a = canonical(mysql, my);
        List<List<Object>> b = canonical(dynamo, dd);
        if (ordered) {
            int n = Math.min(a.size(), b.size());
            for (int r = 0; r < n; r++) {
                if (!a.get(r).equals(b.get(r))) {
                    return "row " + (r + 1) + ": " + columnsDiffering(columns, value(mysql, r, my), value(dynamo, r, dd));
                }
            }
            if (a.size() != b.size()) {
                return "MySQL returned " + a.size() + " row(s), DynamoDB " + b.size() + "; first extra row "
                        + (a.size() > b.size() ? "in MySQL: " + show(columns, value(mysql, n, my))
                                : "in DynamoDB: " + show(columns, value(dynamo, n, dd)));
            }
            return null;
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : a) {
            counts.merge(row, 1, Integer::sum);
        }
        List<Integer> onlyDynamo = new ArrayList<>();
        for (int r = 0; r < b.size(); r++) {
            Integer c = counts.get(b.get(r));
            if (c == null || c == 0) {
                onlyDynamo.add(r);
            } else {
                counts.put(b.get(r), c - 1);
            }
        }
        List<Integer> onlyMysql = new ArrayList<>();
        Map<List<Object>, Integer> left = new HashMap<>(counts);
        for (int r = 0; r < a.size(); r++) {
            Integer c = left.get(a.get(r));
            if (c != null && c > 0) {
                onlyMysql.add(r);
                left.put(a.get(r), c - 1);
            }
        }
        if (onlyMysql.isEmpty() && onlyDynamo.isEmpty()) {
            return null;
        }
        if (onlyMysql.size() == 1 && onlyDynamo.size() == 1) {
            return columnsDiffering(columns, value(mysql, onlyMysql.get(0), my), value(dynamo, onlyDynamo.get(0), dd));
        }
        StringBuilder sb = new StringBuilder("MySQL returned ").append(a.size()).append(" row(s), DynamoDB ").append(b.size());
        if (!onlyMysql.isEmpty()) {
            sb.append("; ").append(onlyMysql.size()).append(" only in MySQL, e.g. ").append(show(columns, value(mysql, onlyMysql.get(0), my)));
        }
        if (!onlyDynamo.isEmpty()) {
            sb.append("; ").append(onlyDynamo.size()).append(" only in DynamoDB, e.g. ").append(show(columns, value(dynamo, onlyDynamo.get(0), dd)));
        }
        return sb.toString();
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
