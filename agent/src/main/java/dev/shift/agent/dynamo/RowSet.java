package dev.shift.agent.dynamo;

import java.util.List;
import java.util.Locale;

/**
 * A materialised result: column descriptions plus rows of Java values exactly as Connector/J returns them
 * from {@code getObject} (BIGINT→Long, INT→Integer, DECIMAL→BigDecimal at the column's scale,
 * DATETIME→Timestamp, VARCHAR→String, COUNT(*)→Long, SUM→BigDecimal; NULL→null).
 */
public record RowSet(List<Column> columns, List<Object[]> rows) {

    /**
     * @param label    what {@code getColumnLabel} returns (the alias, or the expression as written)
     * @param name     what {@code getColumnName} returns (the underlying column, or the label for expressions)
     * @param table    underlying table name, "" for expressions
     * @param sqlType  {@link java.sql.Types} constant
     * @param typeName MySQL type name (BIGINT, INT, DECIMAL, DATETIME, VARCHAR …)
     * @param scale    digits after the point (DECIMAL), fractional-second digits (DATETIME), else 0
     */
    public record Column(String label, String name, String table, int sqlType, String typeName, int scale) {
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
        return v.toString();
    }
}
