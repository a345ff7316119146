package dev.shift.agent.dynamo;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result metadata the application's own driver reported for a statement while MySQL answered it: labels, type
 * names, JDBC types, the classes {@code getObject} returns, precision and scale. Shift's answers from DynamoDB report
 * the same and return the same classes, so a statement's result looks alike in every phase, whatever the driver, its
 * version and its settings ({@code tinyInt1isBit}, {@code yearIsDateType} …).
 */
public record ResultShape(List<Column> columns) {

    /** One column as {@link ResultSetMetaData} described it. */
    public record Column(String label, String name, String table, String catalog, int sqlType, String typeName,
                         String className, int precision, int scale, int nullable, boolean signed, int displaySize,
                         boolean autoIncrement, boolean caseSensitive) {
    }

    /** The classes Shift can hand back for a value, by the name a driver reports. */
    private static final Map<String, Class<?>> CLASSES = Map.ofEntries(
            Map.entry("java.lang.String", String.class), Map.entry("java.lang.Long", Long.class),
            Map.entry("java.lang.Integer", Integer.class), Map.entry("java.lang.Short", Short.class),
            Map.entry("java.lang.Double", Double.class), Map.entry("java.lang.Float", Float.class),
            Map.entry("java.math.BigDecimal", java.math.BigDecimal.class),
            Map.entry("java.math.BigInteger", java.math.BigInteger.class), Map.entry("java.lang.Boolean", Boolean.class),
            Map.entry("java.sql.Timestamp", java.sql.Timestamp.class),
            Map.entry("java.time.LocalDateTime", java.time.LocalDateTime.class),
            Map.entry("java.time.LocalDate", java.time.LocalDate.class), Map.entry("java.sql.Date", java.sql.Date.class));

    public ResultShape {
        columns = List.copyOf(columns);
    }

    /** The shape of a driver's result. */
    public static ResultShape of(ResultSetMetaData md) throws SQLException {
        List<Column> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(new Column(md.getColumnLabel(i), md.getColumnName(i), md.getTableName(i), md.getCatalogName(i),
                    md.getColumnType(i), md.getColumnTypeName(i), md.getColumnClassName(i), md.getPrecision(i),
                    md.getScale(i), md.isNullable(i), md.isSigned(i), md.getColumnDisplaySize(i), md.isAutoIncrement(i),
                    md.isCaseSensitive(i)));
        }
        return new ResultShape(out);
    }

    /** True when this shape describes a result with these labels (the same statement over the same table). */
    public boolean fits(dev.shift.agent.merge.RowSet rows) {
        if (rows.columnCount() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!rows.columns().get(i).label().equalsIgnoreCase(columns.get(i).label())) {
                return false;
            }
        }
        return true;
    }

    /** The class {@code getObject} returns for this (1-based) column, or null when Shift cannot produce that class. */
    Class<?> javaClass(int column) {
        return CLASSES.get(columns.get(column - 1).className());
    }

    /** As plain maps and lists, for a JSON file. */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", c.label());
            m.put("name", c.name());
            m.put("table", c.table());
            m.put("catalog", c.catalog());
            m.put("sqlType", c.sqlType());
            m.put("typeName", c.typeName());
            m.put("className", c.className());
            m.put("precision", c.precision());
            m.put("scale", c.scale());
            m.put("nullable", c.nullable());
            m.put("signed", c.signed());
            m.put("displaySize", c.displaySize());
            m.put("autoIncrement", c.autoIncrement());
            m.put("caseSensitive", c.caseSensitive());
            out.add(m);
        }
        return out;
    }

    /** The inverse of {@link #toJson}; throws ClassCastException or NullPointerException on anything else. */
    @SuppressWarnings("unchecked")
    public static ResultShape fromJson(Object json) {
        List<Column> out = new ArrayList<>();
        for (Object o : (List<Object>) json) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Column((String) m.get("label"), (String) m.get("name"), (String) m.get("table"),
                    (String) m.get("catalog"), ((Number) m.get("sqlType")).intValue(), (String) m.get("typeName"),
                    (String) m.get("className"), ((Number) m.get("precision")).intValue(),
                    ((Number) m.get("scale")).intValue(), ((Number) m.get("nullable")).intValue(),
                    (Boolean) m.get("signed"), ((Number) m.get("displaySize")).intValue(),
                    (Boolean) m.get("autoIncrement"), (Boolean) m.get("caseSensitive")));
        }
        return new ResultShape(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.label()).append(' ').append(c.typeName().toUpperCase(Locale.ROOT))
                    .append(" → ").append(c.className());
        }
        return sb.toString();
    }
}
