package dev.shift.agent.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLType;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/** The JDBC type a value bound with {@code setObject} stands for, as drivers infer it. */
final class SqlTypes {

    private SqlTypes() {
    }

    static int infer(Object x) {
        if (x == null) {
            return Types.NULL;
        }
        if (x instanceof String) {
            return Types.VARCHAR;
        }
        if (x instanceof Integer) {
            return Types.INTEGER;
        }
        if (x instanceof Long) {
            return Types.BIGINT;
        }
        if (x instanceof BigDecimal) {
            return Types.DECIMAL;
        }
        if (x instanceof BigInteger) {
            return Types.NUMERIC;
        }
        if (x instanceof Short) {
            return Types.SMALLINT;
        }
        if (x instanceof Byte) {
            return Types.TINYINT;
        }
        if (x instanceof Boolean) {
            return Types.BOOLEAN;
        }
        if (x instanceof Double) {
            return Types.DOUBLE;
        }
        if (x instanceof Float) {
            return Types.REAL;
        }
        if (x instanceof java.sql.Timestamp || x instanceof LocalDateTime || x instanceof java.util.Date
                && !(x instanceof java.sql.Date) && !(x instanceof java.sql.Time)) {
            return Types.TIMESTAMP;
        }
        if (x instanceof java.sql.Date || x instanceof LocalDate) {
            return Types.DATE;
        }
        if (x instanceof java.sql.Time || x instanceof LocalTime) {
            return Types.TIME;
        }
        if (x instanceof OffsetDateTime) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        if (x instanceof OffsetTime) {
            return Types.TIME_WITH_TIMEZONE;
        }
        if (x instanceof byte[]) {
            return Types.VARBINARY;
        }
        return Types.JAVA_OBJECT;
    }

    static int of(SQLType type, Object x) {
        Integer number = type == null ? null : type.getVendorTypeNumber();
        return number != null ? number : infer(x);
    }
}
