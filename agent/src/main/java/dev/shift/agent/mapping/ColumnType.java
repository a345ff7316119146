package dev.shift.agent.mapping;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a SQL column is stored in DynamoDB and how it comes back through JDBC.
 *
 * <p>Every type has one canonical Java value (what Connector/J returns from {@code getObject}):
 * {@code Long}, {@code Integer}, {@code BigDecimal}, {@code Timestamp}, {@code String}, {@code Boolean}.
 * {@link #coerce} turns a JDBC parameter into it; {@link #toAttribute}/{@link #fromAttribute} convert to and
 * from DynamoDB; {@link #render} gives the text used inside key templates. NULL is never stored: a NULL
 * column is an absent attribute (and an attribute holding {@code NULL:true} also reads back as NULL).
 */
public enum ColumnType {
    STRING("string", Types.VARCHAR, "VARCHAR"),
    LONG("number-long", Types.BIGINT, "BIGINT"),
    INT("number-int", Types.INTEGER, "INT"),
    DECIMAL("decimal", Types.DECIMAL, "DECIMAL"),
    /** DATETIME(3); stored as S {@code 2026-11-26T17:40:00.123} (ISO-8601, always millis) so it sorts as text. */
    TIMESTAMP("timestamp", Types.TIMESTAMP, "DATETIME"),
    BOOLEAN("boolean", Types.BOOLEAN, "BOOLEAN");

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private final String configName;
    private final int sqlType;
    private final String sqlTypeName;

    ColumnType(String configName, int sqlType, String sqlTypeName) {
        this.configName = configName;
        this.sqlType = sqlType;
        this.sqlTypeName = sqlTypeName;
    }

    public String configName() {
        return configName;
    }

    public int sqlType() {
        return sqlType;
    }

    public String sqlTypeName() {
        return sqlTypeName;
    }

    public boolean isNumeric() {
        return this == LONG || this == INT || this == DECIMAL;
    }

    /** True when the rendered text sorts like the value (so a sort key made of it can serve ORDER BY). */
    public boolean sortsAsText() {
        return this == STRING || this == TIMESTAMP;
    }

    public static ColumnType fromConfig(String name, String field) {
        for (ColumnType t : values()) {
            if (t.configName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new MappingException(field + ": unknown type '" + name
                + "' (expected string, number-long, number-int, decimal, timestamp or boolean)");
    }

    /** A JDBC parameter or literal as this column's canonical value; null stays null. */
    public Object coerce(Object v) {
        if (v == null) {
            return null;
        }
        switch (this) {
            case STRING:
                return v instanceof String ? v : String.valueOf(v);
            case LONG:
                return v instanceof Long ? v : Long.valueOf(toBigDecimal(v).longValueExact());
            case INT:
                return v instanceof Integer ? v : Integer.valueOf(toBigDecimal(v).intValueExact());
            case DECIMAL:
                return toBigDecimal(v);
            case TIMESTAMP:
                return toTimestamp(v);
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                if (v instanceof Number) {
                    return ((Number) v).intValue() != 0;
                }
                return Boolean.parseBoolean(v.toString()) || "1".equals(v.toString());
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The text of a canonical value inside a key template ({@code USER#42}, {@code ORDER#2026-11-26T17:40:00.123#7}). */
    public String render(Object canonical) {
        if (canonical instanceof Timestamp) {
            return isoMillis(((Timestamp) canonical).toLocalDateTime());
        }
        if (canonical instanceof BigDecimal) {
            return ((BigDecimal) canonical).toPlainString();
        }
        return String.valueOf(canonical);
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSS}, written digit by digit: a backfill renders one per DATETIME value and key,
     * and the formatter was a good part of its CPU. Years outside 0-9999 (which DATETIME cannot hold) go through the
     * formatter, which signs them.
     */
    static String isoMillis(LocalDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return ISO_MILLIS.format(t);
        }
        char[] c = new char[23];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public AttributeValue toAttribute(Object canonical) {
        if (canonical == null) {
            return AttributeValue.fromNul(true);
        }
        switch (this) {
            case STRING:
            case TIMESTAMP:
                return AttributeValue.fromS(render(canonical));
            case BOOLEAN:
                return AttributeValue.fromBool((Boolean) canonical);
            default:
                return AttributeValue.fromN(render(canonical));
        }
    }

    /** The stored attribute as Connector/J would return the column; absent or NULL attribute → null. */
    public Object fromAttribute(AttributeValue a, int scale) {
        if (a == null || Boolean.TRUE.equals(a.nul())) {
            return null;
        }
        switch (this) {
            case STRING:
                return a.s() != null ? a.s() : a.n();
            case LONG:
                return Long.valueOf(new BigDecimal(num(a)).longValueExact());
            case INT:
                return Integer.valueOf(new BigDecimal(num(a)).intValueExact());
            case DECIMAL: {
                BigDecimal d = new BigDecimal(num(a));
                return scale >= 0 ? d.setScale(scale, java.math.RoundingMode.UNNECESSARY) : d;
            }
            case TIMESTAMP:
                return Timestamp.valueOf(LocalDateTime.parse(a.s()));
            case BOOLEAN:
                return a.bool() != null ? a.bool() : Boolean.valueOf("1".equals(num(a)));
            default:
                throw new IllegalStateException(name());
        }
    }

    private static String num(AttributeValue a) {
        return a.n() != null ? a.n() : a.s();
    }

    public static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof java.math.BigInteger) {
            return new BigDecimal((java.math.BigInteger) v);
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        return new BigDecimal(v.toString().trim());
    }

    private static Timestamp toTimestamp(Object v) {
        Timestamp ts;
        if (v instanceof LocalDateTime) {
            // what Connector/J reads a DATETIME as: one conversion, not three
            return Timestamp.valueOf(((LocalDateTime) v).truncatedTo(ChronoUnit.MILLIS));
        }
        if (v instanceof Timestamp) {
            ts = (Timestamp) v;
        } else if (v instanceof java.util.Date) {
            ts = new Timestamp(((java.util.Date) v).getTime());
        } else if (v instanceof OffsetDateTime) {
            ts = Timestamp.from(((OffsetDateTime) v).toInstant());
        } else if (v instanceof ZonedDateTime) {
            ts = Timestamp.from(((ZonedDateTime) v).toInstant());
        } else if (v instanceof java.time.Instant) {
            ts = Timestamp.from((java.time.Instant) v);
        } else if (v instanceof LocalDate) {
            ts = Timestamp.valueOf(((LocalDate) v).atStartOfDay());
        } else {
            String s = v.toString().trim().replace(' ', 'T');
            ts = Timestamp.valueOf(LocalDateTime.parse(s));
        }
        // DATETIME(3): MySQL rounds to millis; the shop already truncates. Keep millis, drop the rest.
        LocalDateTime ldt = ts.toLocalDateTime().truncatedTo(ChronoUnit.MILLIS);
        return Timestamp.valueOf(ldt);
    }
}
