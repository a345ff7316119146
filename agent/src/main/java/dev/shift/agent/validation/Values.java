package dev.shift.agent.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Type-aware equality of the values a MySQL row and a DynamoDB row hold, through one canonical form per
 * value: numbers by value (DECIMAL 12.50 = 12.5, Integer 3 = Long 3 = BigInteger 3), timestamps at
 * millisecond precision (Timestamp, LocalDateTime, java.util.Date alike), NULL as NULL. Different kinds
 * (a number and a string) are never equal.
 */
final class Values {

    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private Values() {
    }

    /** A value equal (equals/hashCode) to the canonical form of every value Shift considers the same. */
    static Object canonical(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof Boolean b) {
            return number(b ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        if (v instanceof BigDecimal d) {
            return number(d);
        }
        if (v instanceof BigInteger i) {
            return number(new BigDecimal(i));
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return number(BigDecimal.valueOf(((Number) v).longValue()));
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? number(new BigDecimal(Double.toString(d))) : "n:" + d;
        }
        Long millis = millis(v);
        if (millis != null) {
            return "t:" + millis;
        }
        if (v instanceof LocalDate d) {
            return "d:" + d;
        }
        if (v instanceof LocalTime t) {
            return "h:" + t.withNano(t.getNano() / 1_000_000 * 1_000_000);
        }
        if (v instanceof byte[] b) {
            return "b:" + HexFormat.of().formatHex(b);
        }
        if (v instanceof CharSequence s) {
            return "s:" + s;
        }
        return "o:" + v;
    }

    static boolean equal(Object a, Object b) {
        return canonical(a).equals(canonical(b));
    }

    private static String number(BigDecimal d) {
        return "n:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    }

    /** Epoch milliseconds (local date-times read as UTC: both sides use the same rule) or null. */
    private static Long millis(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return t.getTime();
        }
        if (v instanceof LocalDateTime l) {
            return java.sql.Timestamp.valueOf(l).getTime();
        }
        if (v instanceof java.sql.Date || v instanceof java.sql.Time) {
            return null;   // compared by their text below (no time zone games)
        }
        if (v instanceof java.util.Date d) {
            return d.getTime();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toEpochMilli();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant().toEpochMilli();
        }
        return null;
    }

    /** A value as the report shows it. */
    static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().format(SHOW);
        }
        if (v instanceof LocalDateTime l) {
            return l.format(SHOW);
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        String s = v.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
