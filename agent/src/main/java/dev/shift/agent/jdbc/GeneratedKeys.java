package dev.shift.agent.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;

/**
 * Generated keys that did not come from MySQL (Shift allocated them), shaped like the application's driver
 * shapes its own: one unsigned BIGINT column, labelled {@code GENERATED_KEY} by Connector/J and
 * {@code insert_id} by MariaDB's driver, {@code getObject} giving a {@link BigInteger} as Connector/J does.
 */
final class GeneratedKeys extends UnsupportedResultSet {

    static final String CONNECTOR_J_LABEL = "GENERATED_KEY";
    static final String MARIADB_LABEL = "insert_id";

    private final long[] keys;
    private final String label;
    private int row;        // 0 = before first, keys.length + 1 = after last
    private boolean closed;
    private boolean wasNull;

    private GeneratedKeys(long[] keys, String label) {
        this.keys = keys.clone();
        this.label = label;
    }

    static ResultSet resultSet(Connection delegate, long... keys) {
        return new GeneratedKeys(keys, labelFor(delegate));
    }

    /** The key column's label as the driver behind {@code delegate} names it. */
    static String labelFor(Connection delegate) {
        return delegate.getClass().getName().startsWith("org.mariadb.") ? MARIADB_LABEL : CONNECTOR_J_LABEL;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row <= keys.length) {
            row++;
        }
        return row <= keys.length;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return key(columnIndex);
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return key(findColumn(columnLabel));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        long key = key(columnIndex);
        if (key > Integer.MAX_VALUE || key < Integer.MIN_VALUE) {
            throw new SQLException("generated key " + key + " does not fit an int", "22003");
        }
        return (int) key;
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return Long.toString(key(columnIndex));
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return BigDecimal.valueOf(key(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return BigInteger.valueOf(key(columnIndex));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        long key = key(columnIndex);
        if (type == Long.class) {
            return type.cast(key);
        }
        if (type == Integer.class) {
            return type.cast(getInt(columnIndex));
        }
        if (type == BigInteger.class || type == Object.class || type == Number.class) {
            return type.cast(BigInteger.valueOf(key));
        }
        if (type == BigDecimal.class) {
            return type.cast(BigDecimal.valueOf(key));
        }
        if (type == String.class) {
            return type.cast(Long.toString(key));
        }
        throw new SQLException("a generated key cannot be read as " + type.getName());
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (label.equalsIgnoreCase(columnLabel)) {
            return 1;
        }
        throw new SQLException("no column '" + columnLabel + "' among the generated keys (it is " + label + ")",
                "S0022");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new KeysMetaData(label);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && keys.length > 0;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return row > keys.length && keys.length > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return row == 1 && keys.length > 0;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return row == keys.length && keys.length > 0;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return row >= 1 && row <= keys.length ? row : 0;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw unsupported("setFetchDirection(" + direction + ")");
        }
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public void setFetchSize(int rows) {
        // All rows are in memory already.
    }

    @Override
    public Statement getStatement() {
        return null;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // There are never warnings.
    }

    private long key(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex != 1) {
            throw new SQLException("generated keys have one column; asked for column " + columnIndex, "S1002");
        }
        if (row < 1 || row > keys.length) {
            throw new SQLException("no current row among the generated keys (call next() first)", "S1000");
        }
        wasNull = false;
        return keys[row - 1];
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the generated keys ResultSet is closed", "S1000");
        }
    }

    /** Metadata of the single key column, as Connector/J describes it. */
    private static final class KeysMetaData implements ResultSetMetaData {

        private final String label;

        KeysMetaData(String label) {
            this.label = label;
        }

        @Override
        public int getColumnCount() {
            return 1;
        }

        @Override
        public boolean isAutoIncrement(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public boolean isCaseSensitive(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public boolean isSearchable(int column) throws SQLException {
            check(column);
            return true;
        }

        @Override
        public boolean isCurrency(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public int isNullable(int column) throws SQLException {
            check(column);
            return columnNoNulls;
        }

        @Override
        public boolean isSigned(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public int getColumnDisplaySize(int column) throws SQLException {
            check(column);
            return 20;
        }

        @Override
        public String getColumnLabel(int column) throws SQLException {
            check(column);
            return label;
        }

        @Override
        public String getColumnName(int column) throws SQLException {
            check(column);
            return label;
        }

        @Override
        public String getSchemaName(int column) throws SQLException {
            check(column);
            return "";
        }

        @Override
        public int getPrecision(int column) throws SQLException {
            check(column);
            return 20;
        }

        @Override
        public int getScale(int column) throws SQLException {
            check(column);
            return 0;
        }

        @Override
        public String getTableName(int column) throws SQLException {
            check(column);
            return "";
        }

        @Override
        public String getCatalogName(int column) throws SQLException {
            check(column);
            return "";
        }

        @Override
        public int getColumnType(int column) throws SQLException {
            check(column);
            return Types.BIGINT;
        }

        @Override
        public String getColumnTypeName(int column) throws SQLException {
            check(column);
            return "BIGINT UNSIGNED";
        }

        @Override
        public boolean isReadOnly(int column) throws SQLException {
            check(column);
            return true;
        }

        @Override
        public boolean isWritable(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public boolean isDefinitelyWritable(int column) throws SQLException {
            check(column);
            return false;
        }

        @Override
        public String getColumnClassName(int column) throws SQLException {
            check(column);
            return BigInteger.class.getName();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("generated-keys metadata does not wrap " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }

        private static void check(int column) throws SQLException {
            if (column != 1) {
                throw new SQLException("generated keys have one column; asked for column " + column, "S1002");
            }
        }
    }
}
