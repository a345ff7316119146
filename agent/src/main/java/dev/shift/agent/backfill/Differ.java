package dev.shift.agent.backfill;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Type-aware comparison of a MySQL row with a DynamoDB item, column by column through the mapping: numbers
 * and DECIMALs by value ({@code compareTo}, so 12.5 = 12.50), timestamps at millisecond precision (both sides
 * are canonical DATETIME(3) values), NULL equal to an absent attribute (or a NULL attribute), entity and index
 * key attributes as rendered, embedded child rows as a multiset (their order in the list is not significant:
 * the application reads them with ORDER BY). Attributes the mapping does not know are ignored, and so is
 * {@code shift_version}.
 */
public final class Differ {
    public enum Kind { MISSING, EXTRA, MISMATCH }

    /** A difference; {@code attributes} names the differing attributes of a MISMATCH. */
    public record Difference(Kind kind, List<String> attributes) {
    }

    private final Mapping mapping;

    public Differ(Mapping mapping) {
        this.mapping = mapping;
    }

    /** Null when equal. {@code row} null = no such row; {@code item} null = no such item. */
    public Difference compare(Row row, Map<String, AttributeValue> item) {
        if (row == null && item == null) {
            return null;
        }
        if (row == null) {
            return new Difference(Kind.EXTRA, List.of());
        }
        if (item == null) {
            return new Difference(Kind.MISSING, List.of());
        }
        TableMapping t = mapping.table(row.table());
        List<String> diff = new ArrayList<>();
        AttributeValue entity = item.get(mapping.entityAttribute());
        if (entity == null || !t.entity().equals(entity.s())) {
            diff.add(mapping.entityAttribute());
        }
        for (Map.Entry<String, KeyTemplate> idx : t.indexes().entrySet()) {
            String attr = mapping.indexes().get(idx.getKey());
            String expected;
            try {
                expected = idx.getValue().render(c -> {
                    Object v = row.values().get(c);
                    return v == null ? null : t.column(c).render(v);
                });
            } catch (IllegalArgumentException nullColumn) {
                expected = null;
            }
            AttributeValue a = item.get(attr);
            if (!Objects.equals(expected, a == null ? null : a.s())) {
                diff.add(attr);
            }
        }
        for (ColumnMapping c : t.columns().values()) {
            if (!same(c, row.values().get(c.column()), item.get(c.attribute()))) {
                diff.add(c.attribute());
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : row.children().entrySet()) {
            TableMapping child = mapping.table(e.getKey());
            String attr = child.embedding().get().attribute();
            if (!sameChildren(child, e.getValue(), item.get(attr))) {
                diff.add(attr);
            }
        }
        return diff.isEmpty() ? null : new Difference(Kind.MISMATCH, List.copyOf(diff));
    }

    private static boolean same(ColumnMapping c, Object expected, AttributeValue actual) {
        Object got;
        try {
            got = c.fromAttribute(actual);
        } catch (RuntimeException unreadable) {
            return false;
        }
        return equalValues(expected, got);
    }

    static boolean equalValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number && b instanceof Number) {
            return ColumnType.toBigDecimal(a).compareTo(ColumnType.toBigDecimal(b)) == 0;
        }
        if (a instanceof java.sql.Timestamp ta && b instanceof java.sql.Timestamp tb) {
            return ta.getTime() == tb.getTime();
        }
        return a.equals(b);
    }

    private boolean sameChildren(TableMapping child, List<Map<String, Object>> expected, AttributeValue actual) {
        List<AttributeValue> list = actual == null || Boolean.TRUE.equals(actual.nul()) ? List.of()
                : actual.hasL() ? actual.l() : null;
        if (list == null || list.size() != expected.size()) {
            return false;
        }
        Map<String, String> parentCols = child.embedding().get().parentColumns();
        if (sameInOrder(child, parentCols, expected, list)) {
            return true;   // the usual case: the list is in the order the rows were read (backfill and the live path keep it)
        }
        List<Map<String, Object>> got = new ArrayList<>();
        for (AttributeValue v : list) {
            if (!v.hasM()) {
                return false;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            for (ColumnMapping c : child.columns().values()) {
                if (parentCols.containsKey(c.column())) {
                    continue;
                }
                try {
                    r.put(c.column(), c.fromAttribute(v.m().get(c.attribute())));
                } catch (RuntimeException unreadable) {
                    return false;
                }
            }
            got.add(r);
        }
        List<Map<String, Object>> want = new ArrayList<>();
        for (Map<String, Object> e : expected) {
            Map<String, Object> r = new LinkedHashMap<>();   // in the mapping's column order, as got: the sort keys match
            for (ColumnMapping c : child.columns().values()) {
                if (!parentCols.containsKey(c.column())) {
                    r.put(c.column(), e.get(c.column()));
                }
            }
            want.add(r);
        }
        got = sorted(got);
        want = sorted(want);
        for (int i = 0; i < want.size(); i++) {
            for (Map.Entry<String, Object> e : want.get(i).entrySet()) {
                if (!equalValues(e.getValue(), got.get(i).get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the list holds the rows in the same order, without building or sorting anything. */
    private static boolean sameInOrder(TableMapping child, Map<String, String> parentCols, List<Map<String, Object>> expected,
            List<AttributeValue> list) {
        for (int i = 0; i < expected.size(); i++) {
            AttributeValue v = list.get(i);
            if (!v.hasM()) {
                return false;
            }
            Map<String, AttributeValue> m = v.m();
            for (ColumnMapping c : child.columns().values()) {
                if (!parentCols.containsKey(c.column()) && !same(c, expected.get(i).get(c.column()), m.get(c.attribute()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The rows in {@link #sortKey} order, each key computed once. */
    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        List<Map.Entry<String, Map<String, Object>>> keyed = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            keyed.add(Map.entry(sortKey(r), r));
        }
        keyed.sort(Map.Entry.comparingByKey());
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        keyed.forEach(e -> out.add(e.getValue()));
        return out;
    }

    private static String sortKey(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        for (Object v : r.values()) {
            String s = v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                    : v instanceof java.sql.Timestamp ts ? Long.toString(ts.getTime()) : String.valueOf(v);
            // numbers padded so that text order is numeric order for non-negative integers
            sb.append(digits(s) ? "0".repeat(Math.max(0, 20 - s.length())) + s : s).append('\u0000');
        }
        return sb.toString();
    }

    /** {@code s.matches("\\d+")} without compiling a pattern per value. */
    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }
}
