package dev.shift.agent.merge;

import java.util.List;
import java.util.Locale;

/**
 * A materialised result: column descriptions plus rows of Java values exactly as Connector/J returns them
 * from {@code getObject} (BIGINT→Long, INT→Integer, DECIMAL→BigDecimal at the column's scale,
 * DATETIME→Timestamp (RowSetResultSet.getObject gives LocalDateTime, as Connector/J 9 does), VARCHAR→String, COUNT(*)→Long, SUM→BigDecimal; NULL→null).
 */
public record RowSet(List<Column> columns, List<Object[]> rows) {

    /**
     * @param label    what {@code getColumnLabel} returns (the alias, or the expression as written)
     * @param name     what {@code getColumnName} returns (the underlying column, or the label for expressions)
     * @param table    underlying table name, "" for expressions
     * @param sqlType  {@link java.sql.Types} constant
     * @param typeName MySQL type name (BIGINT, INT, DECIMAL, DATETIME, VARCHAR …)
     * @param scale    digits after the point (DECIMAL), else 0
     */
    public record Column(String label, String name, String table, int sqlType, String typeName, int scale) {
    }

    /**
     * Copies a JDBC result (e.g. MySQL's side of a JOIN) into a RowSet: labels, names, types and
     * {@code getObject} values, DATETIME as Timestamp like the engine's own rows (so two RowSets of the same
     * SQL compare equal). Reads to the end; does not close it.
     */
    public static RowSet copyOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        java.util.List<Column> cols = new java.util.ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            cols.add(new Column(md.getColumnLabel(i), md.getColumnName(i), md.getTableName(i), md.getColumnType(i),
                    md.getColumnTypeName(i), md.getScale(i)));
        }
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        while (rs.next()) {
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) {
                Object v = rs.getObject(i + 1);
                // one representation for DATETIME on both sides (Connector/J 9 gives LocalDateTime)
                r[i] = v instanceof java.time.LocalDateTime l ? java.sql.Timestamp.valueOf(l) : v;
            }
            rows.add(r);
        }
        return new RowSet(java.util.List.copyOf(cols), rows);
    }

    /**
     * Generated keys as MySQL drivers hand them back: one {@code BIGINT UNSIGNED} column (values as
     * {@link java.math.BigInteger}) labelled as the driver labels it ({@code GENERATED_KEY} for Connector/J).
     */
    public static RowSet generatedKeys(String label, long... ids) {
        List<Object[]> rows = new java.util.ArrayList<>(ids.length);
        for (long id : ids) {
            rows.add(new Object[] {java.math.BigInteger.valueOf(id)});
        }
        return new RowSet(List.of(new Column(label, label, "", java.sql.Types.BIGINT, "BIGINT UNSIGNED", 0)), rows);
    }

    public int columnCount() {
        return columns.size();
    }

    /** 0-based index of a column by label (then name), case-insensitive like MySQL; -1 if absent. */
    public int indexOf(String label) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).label().equalsIgnoreCase(label)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }

    /** A stable text form (tests, diagnostics). */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sb.append(i == 0 ? "" : " | ").append(c.label()).append(':').append(c.typeName().toLowerCase(Locale.ROOT));
        }
        for (Object[] r : rows) {
            sb.append('\n');
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : " | ").append(show(r[i]));
            }
        }
        return sb.toString();
    }

    private static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS"));
        }
        return v.toString();
    }
}
