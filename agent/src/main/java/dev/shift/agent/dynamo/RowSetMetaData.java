package dev.shift.agent.dynamo;

import dev.shift.agent.merge.RowSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Metadata of a {@link RowSet} as the application's driver reports it for the same columns: what the driver reported
 * for the statement while MySQL answered it ({@code learned}), else what the driver family reports ({@code dialect}).
 */
final class RowSetMetaData implements ResultSetMetaData {
    private final RowSet rows;
    private final DriverDialect dialect;
    private final ResultShape learned;

    /** @param learned the driver's own metadata for this statement, fitting these rows; null when never seen */
    RowSetMetaData(RowSet rows, DriverDialect dialect, ResultShape learned) {
        this.rows = rows;
        this.dialect = dialect;
        this.learned = learned;
    }

    /** The driver's own description of the column, or null. */
    private ResultShape.Column seen(int column) throws SQLException {
        col(column);
        return learned == null ? null : learned.columns().get(column - 1);
    }

    private RowSet.Column col(int column) throws SQLException {
        if (column < 1 || column > rows.columnCount()) {
            throw new SQLException("Column index out of range: " + column + " (1.." + rows.columnCount() + ")", "S1002");
        }
        return rows.columns().get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return rows.columnCount();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.autoIncrement();
        }
        col(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.caseSensitive();
        }
        return false;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        col(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        col(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.nullable();
        }
        col(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.signed();
        }
        int t = col(column).sqlType();
        return (t == Types.BIGINT || t == Types.INTEGER || t == Types.DECIMAL) && !unsigned(column);
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.displaySize();
        }
        return getPrecision(column);
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.label();
        }
        return col(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.name();
        }
        return col(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        col(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.precision();
        }
        switch (col(column).sqlType()) {
            case Types.BIGINT:
                return 19;
            case Types.INTEGER:
                return 10;
            case Types.DECIMAL:
                return 65;
            case Types.TIMESTAMP:
                return 23;
            case Types.BOOLEAN:
                return 1;
            default:
                return 65535;
        }
    }

    @Override
    public int getScale(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.scale();
        }
        return col(column).scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.table();
        }
        return col(column).table();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.catalog();
        }
        col(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.sqlType();
        }
        return col(column).sqlType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.typeName();
        }
        return dialect.typeName(col(column).typeName());
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        col(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        col(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        col(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        ResultShape.Column seen = seen(column);
        if (seen != null) {
            return seen.className();
        }
        switch (col(column).sqlType()) {
            case Types.BIGINT:
                // As Connector/J: BIGINT UNSIGNED does not fit a long.
                return unsigned(column) ? java.math.BigInteger.class.getName() : Long.class.getName();
            case Types.INTEGER:
                return Integer.class.getName();
            case Types.DECIMAL:
                return java.math.BigDecimal.class.getName();
            case Types.TIMESTAMP:
                return java.sql.Timestamp.class.getName();
            case Types.BOOLEAN:
                return Boolean.class.getName();
            default:
                return String.class.getName();
        }
    }

    private boolean unsigned(int column) throws SQLException {
        String typeName = col(column).typeName();
        return typeName != null && typeName.toUpperCase(java.util.Locale.ROOT).contains("UNSIGNED");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
