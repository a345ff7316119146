package dev.shift.agent.dynamo;

import dev.shift.agent.merge.RowSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * A read-only, forward-only {@link ResultSet} over a {@link RowSet}, with the getters and conversions a
 * JDBC application uses on MySQL results. Column labels are matched case-insensitively, like MySQL.
 * Long because every getter carries a conversion MySQL's drivers make (the unsupported rest is in the generated
 * {@code UnsupportedResultSet}); splitting the getters would scatter one table of conversions.
 */
public final class RowSetResultSet extends UnsupportedResultSet {
    private static final java.time.format.DateTimeFormatter DATETIME_SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final java.time.format.DateTimeFormatter DATETIME_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private final RowSet rows;
    private final Statement statement;
    private final DriverDialect dialect;
    private final ResultShape learned;
    private final Class<?>[] learnedClasses;   // getObject's class per column, from the learned shape; null: dialect's
    private int cursor = -1;      // index into rows; -1 before first, size after last
    private boolean wasNull;
    private boolean closed;

    /** @param dialect what the application's driver would answer where drivers differ (DATETIME classes, type names) */
    public RowSetResultSet(RowSet rows, Statement statement, DriverDialect dialect) {
        this(rows, statement, dialect, null);
    }

    /**
     * @param learned what the application's driver reported for this statement while MySQL answered it (metadata and
     *                {@code getObject}'s classes follow it); null, or one for other columns, to follow {@code dialect}
     */
    public RowSetResultSet(RowSet rows, Statement statement, DriverDialect dialect, ResultShape learned) {
        this.rows = rows;
        this.statement = statement;
        this.dialect = dialect;
        this.learned = learned != null && learned.fits(rows) ? learned : null;
        this.learnedClasses = this.learned == null ? null : new Class<?>[rows.columnCount()];
        for (int i = 0; learnedClasses != null && i < learnedClasses.length; i++) {
            learnedClasses[i] = this.learned.javaClass(i + 1);
        }
    }

    public RowSetResultSet(RowSet rows, Statement statement) {
        this(rows, statement, DriverDialect.CONNECTOR_J);
    }

    public RowSetResultSet(RowSet rows) {
        this(rows, null);
    }

    public RowSet rowSet() {
        return rows;
    }

    // ------------------------------------------------------------ cursor

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (cursor < rows.rows().size()) {
            cursor++;
        }
        return cursor < rows.rows().size();
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
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return cursor < 0 && !rows.rows().isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return cursor >= rows.rows().size() && !rows.rows().isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return cursor == 0 && !rows.rows().isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return cursor == rows.rows().size() - 1 && cursor >= 0;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return cursor >= 0 && cursor < rows.rows().size() ? cursor + 1 : 0;
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
        // all rows are already in memory
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // none
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new RowSetMetaData(rows, dialect, learned);
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        int i = rows.indexOf(columnLabel);
        if (i < 0) {
            throw new SQLException("Column '" + columnLabel + "' not found.", "S0022");
        }
        return i + 1;
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

    // ------------------------------------------------------------ values

    private Object value(int column) throws SQLException {
        checkOpen();
        if (cursor < 0 || cursor >= rows.rows().size()) {
            throw new SQLException("Shift: no current row (call next() first)", "S1000");
        }
        if (column < 1 || column > rows.columnCount()) {
            throw new SQLException("Column Index out of range, " + column + " > " + rows.columnCount() + ".", "S1009");
        }
        Object v = rows.rows().get(cursor)[column - 1];
        wasNull = v == null;
        return v;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Operation not allowed after ResultSet closed", "S1000");
        }
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    /**
     * Like the application's driver: a DATETIME column comes back as {@link LocalDateTime} (Connector/J 8.0.23+) or
     * as a Timestamp (MariaDB's driver); everything else is the RowSet's value.
     */
    @Override
    public Object getObject(int column) throws SQLException {
        Object v = value(column);
        Class<?> seen = learnedClasses == null || v == null ? null : learnedClasses[column - 1];
        if (seen != null) {
            return getObject(column, seen);
        }
        if (dialect.datetimeAsLocalDateTime() && v instanceof Timestamp t && rows.columns().get(column - 1).sqlType() == java.sql.Types.TIMESTAMP) {
            return t.toLocalDateTime();
        }
        return v;
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        Object out;
        if (type == Long.class) {
            out = getLong(column);
        } else if (type == Integer.class) {
            out = getInt(column);
        } else if (type == Short.class) {
            out = getShort(column);
        } else if (type == Double.class) {
            out = getDouble(column);
        } else if (type == Float.class) {
            out = getFloat(column);
        } else if (type == BigDecimal.class) {
            out = getBigDecimal(column);
        } else if (type == java.math.BigInteger.class) {
            out = number(column).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        } else if (type == String.class) {
            out = getString(column);
        } else if (type == Boolean.class) {
            out = getBoolean(column);
        } else if (type == Timestamp.class) {
            out = getTimestamp(column);
        } else if (type == LocalDateTime.class) {
            out = getTimestamp(column).toLocalDateTime();
        } else if (type == LocalDate.class) {
            out = getTimestamp(column).toLocalDateTime().toLocalDate();
        } else if (type == LocalTime.class) {
            out = getTimestamp(column).toLocalDateTime().toLocalTime();
        } else if (type == java.time.Instant.class) {
            out = getTimestamp(column).toInstant();
        } else if (type == Date.class) {
            out = getDate(column);
        } else if (type == java.util.Date.class) {
            out = getTimestamp(column);
        } else {
            throw new SQLException("Shift: cannot convert " + v.getClass().getSimpleName() + " to " + type.getName(), "S1009");
        }
        return type.cast(out);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Timestamp t) {
            return datetimeText(t.toLocalDateTime());
        }
        if (v instanceof LocalDateTime l) {
            return datetimeText(l);
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return v.toString();
    }

    /** Connector/J's text of a DATETIME(3): {@code 2026-11-26 17:40:00.120}, and no fraction when it is zero. */
    private static String datetimeText(LocalDateTime l) {
        return l.getNano() == 0 ? l.format(DATETIME_SECONDS) : l.format(DATETIME_MILLIS);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    private BigDecimal number(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SQLException("Shift: value '" + v + "' is not a number", "S1009");
        }
    }

    @Override
    public long getLong(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Long l) {
            return l;
        }
        BigDecimal d = number(column);
        return d == null ? 0L : d.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public int getInt(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Integer i) {
            return i;
        }
        BigDecimal d = number(column);
        return d == null ? 0 : d.setScale(0, RoundingMode.DOWN).intValueExact();
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public short getShort(int column) throws SQLException {
        BigDecimal d = number(column);
        return d == null ? 0 : d.setScale(0, RoundingMode.DOWN).shortValueExact();
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        BigDecimal d = number(column);
        return d == null ? 0 : d.setScale(0, RoundingMode.DOWN).byteValueExact();
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public double getDouble(int column) throws SQLException {
        BigDecimal d = number(column);
        return d == null ? 0d : d.doubleValue();
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public float getFloat(int column) throws SQLException {
        BigDecimal d = number(column);
        return d == null ? 0f : d.floatValue();
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return "1".equals(s) || "true".equalsIgnoreCase(s) || "y".equalsIgnoreCase(s) || "yes".equalsIgnoreCase(s);
        }
        BigDecimal d = number(column);
        return d.signum() != 0;
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        return number(column);
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal d = number(column);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) {
            return t;
        }
        if (v instanceof LocalDateTime l) {
            return Timestamp.valueOf(l);
        }
        try {
            return Timestamp.valueOf(LocalDateTime.parse(v.toString().trim().replace(' ', 'T')));
        } catch (RuntimeException e) {
            throw new SQLException("Shift: value '" + v + "' is not a timestamp", "S1009");
        }
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(int column, java.util.Calendar cal) throws SQLException {
        return getTimestamp(column);
    }

    @Override
    public Timestamp getTimestamp(String label, java.util.Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Date getDate(int column) throws SQLException {
        Timestamp t = getTimestamp(column);
        return t == null ? null : Date.valueOf(t.toLocalDateTime().toLocalDate());
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(int column) throws SQLException {
        Timestamp t = getTimestamp(column);
        return t == null ? null : Time.valueOf(t.toLocalDateTime().toLocalTime());
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }
}
