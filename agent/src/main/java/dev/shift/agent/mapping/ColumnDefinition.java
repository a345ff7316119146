package dev.shift.agent.mapping;

import java.util.Locale;

/**
 * A column as the table's DDL defines it ({@code information_schema.COLUMNS}): what decides which values MySQL
 * refuses or rounds and how it compares strings, so the same rules can hold once DynamoDB answers alone.
 *
 * @param dataType  {@code DATA_TYPE}, lower case ({@code varchar}, {@code int}, {@code decimal}, {@code datetime} …)
 * @param length    {@code CHARACTER_MAXIMUM_LENGTH} in characters for {@code char}/{@code varchar}; -1 otherwise
 * @param nullable  {@code IS_NULLABLE}
 * @param precision {@code NUMERIC_PRECISION} of a {@code decimal} (its digits in all); -1 otherwise
 * @param scale     {@code NUMERIC_SCALE} of a {@code decimal}; -1 otherwise
 * @param collation {@code COLLATION_NAME} of a string column; null otherwise
 * @param onOmit    what an INSERT that leaves the column out stores; null when not known
 * @param setOnUpdate true when MySQL sets the column on every UPDATE of the row ({@code ON UPDATE CURRENT_TIMESTAMP})
 * @param primaryKey true for a column of the table's primary key
 */
public record ColumnDefinition(String dataType, long length, boolean nullable, int precision, int scale, String collation,
                               ColumnDefault onOmit, boolean setOnUpdate, boolean primaryKey) {

    public ColumnDefinition {
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    /** A definition without what MySQL does on INSERT and UPDATE. */
    public ColumnDefinition(String dataType, long length, boolean nullable, int scale, String collation) {
        this(dataType, length, nullable, -1, scale, collation, null, false, false);
    }

    /** True when a column of this SQL type can be mapped as {@code type}. */
    boolean fits(ColumnType type) {
        return switch (type) {
            case STRING -> dataType.endsWith("char") || dataType.endsWith("text") || dataType.equals("enum")
                    || dataType.equals("set") || dataType.equals("json");
            case LONG, INT -> dataType.endsWith("int");
            case DECIMAL -> dataType.equals("decimal");
            case TIMESTAMP -> dataType.equals("datetime") || dataType.equals("timestamp");
            case BOOLEAN -> dataType.equals("tinyint") || dataType.equals("bit");
        };
    }

    /** True for {@code char}/{@code varchar}, whose length MySQL counts in characters and enforces. */
    boolean hasCharacterLength() {
        return length > 0 && (dataType.equals("varchar") || dataType.equals("char"));
    }

    @Override
    public String toString() {
        return dataType + (hasCharacterLength() ? "(" + length + ")" : scale >= 0 ? "(" + precision + "," + scale + ")" : "")
                + (nullable ? "" : " NOT NULL") + (collation == null ? "" : " COLLATE " + collation)
                + (onOmit == null ? "" : " " + onOmit) + (setOnUpdate ? " ON UPDATE" : "") + (primaryKey ? " PRIMARY KEY" : "");
    }
}
