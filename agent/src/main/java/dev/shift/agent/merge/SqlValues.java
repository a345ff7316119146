package dev.shift.agent.merge;

import dev.shift.agent.collation.Collation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * How MySQL compares and computes values, for the Java values rows hold (as the drivers return them):
 * numbers compare by value whatever their class, a number and a string compare as numbers, temporal values
 * as instants, strings as text. NULL is handled by the callers (it compares as unknown).
 */
public final class SqlValues {
    /** MySQL's div_precision_increment: a division gets 4 more digits after the point than its dividend. */
    static final int DIV_SCALE_INCREMENT = 4;

    private SqlValues() {
    }

    /** Order of two non-NULL values. */
    public static int compare(Object a, Object b) {
        return compare(a, b, null);
    }

    /** Order of two non-NULL values; two strings by {@code collation} when there is one (a column's). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b, Collation collation) {
        if (a instanceof Boolean x) {
            a = x ? 1 : 0;
        }
        if (b instanceof Boolean y) {
            b = y ? 1 : 0;
        }
        if (a instanceof Number || b instanceof Number) {
            return number(a).compareTo(number(b));
        }
        if (isTemporal(a) || isTemporal(b)) {
            return timestamp(a).compareTo(timestamp(b));
        }
        if (collation != null && a instanceof String x && b instanceof String y) {
            return collation.compare(x, y);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    /** NULL first, then {@link #compare}: the order of ORDER BY ascending. */
    public static int compareNullsFirst(Object a, Object b, Collation collation) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return compare(a, b, collation);
    }

    /** A key for grouping and DISTINCT that is equal exactly when {@link #compare} says 0. */
    public static Object groupKey(Object v, Collation collation) {
        if (collation != null && v instanceof String s) {
            return collation.key(s);
        }
        return groupKey(v);
    }

    /** {@link #groupKey(Object, Collation)} without a collation. */
    public static Object groupKey(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            BigDecimal d = number(v).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        if (isTemporal(v)) {
            return timestamp(v);
        }
        return v;
    }

    static boolean isTemporal(Object v) {
        return v instanceof java.util.Date || v instanceof LocalDateTime || v instanceof LocalDate;
    }

    static Timestamp timestamp(Object v) {
        if (v instanceof Timestamp t) {
            return t;
        }
        if (v instanceof java.util.Date d) {
            return new Timestamp(d.getTime());
        }
        if (v instanceof LocalDateTime l) {
            return Timestamp.valueOf(l);
        }
        if (v instanceof LocalDate d) {
            return Timestamp.valueOf(d.atStartOfDay());
        }
        String s = v.toString().trim();
        if (s.length() == 10) {
            s += " 00:00:00";
        }
        return Timestamp.valueOf(LocalDateTime.parse(s.replace(' ', 'T')));
    }

    /** A value as a number; text that is not a number counts as its numeric prefix (MySQL: '12abc' = 12, 'abc' = 0). */
    public static BigDecimal number(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof java.math.BigInteger i) {
            return new BigDecimal(i);
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        String s = v.toString().trim();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            int end = 0;
            while (end < s.length() && ("+-.0123456789".indexOf(s.charAt(end)) >= 0)) {
                end++;
            }
            for (; end > 0; end--) {
                try {
                    return new BigDecimal(s.substring(0, end));
                } catch (NumberFormatException again) {
                    // shorter prefix
                }
            }
            return BigDecimal.ZERO;
        }
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger;
    }

    /** {@code a op b} for + - * / % with MySQL's result types: integers stay BIGINT, division is DECIMAL, x/0 is NULL. */
    static Object arithmetic(char op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if ((a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) && op != '%') {
            double x = number(a).doubleValue();
            double y = number(b).doubleValue();
            switch (op) {
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                default: return y == 0 ? null : x / y;
            }
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        BigDecimal r;
        switch (op) {
            case '+': r = x.add(y); break;
            case '-': r = x.subtract(y); break;
            case '*': r = x.multiply(y); break;
            case '%':
                if (y.signum() == 0) {
                    return null;
                }
                r = x.remainder(y);
                break;
            default:
                if (y.signum() == 0) {
                    return null;
                }
                return x.divide(y, Math.max(x.scale(), 0) + DIV_SCALE_INCREMENT, RoundingMode.HALF_UP);
        }
        if (isInteger(a) && isInteger(b)) {
            try {
                return r.longValueExact();
            } catch (ArithmeticException overflow) {
                throw new ArithmeticException("BIGINT value is out of range in '" + a + " " + op + " " + b + "'");
            }
        }
        return r.round(MathContext.DECIMAL128);
    }

    /** SQL LIKE with % and _ and an escape character. */
    static boolean like(String value, String pattern, char escape) {
        return like(value, 0, pattern, 0, escape);
    }

    private static boolean like(String v, int vi, String p, int pi, char escape) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                while (pi < p.length() && p.charAt(pi) == '%') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = vi; k <= v.length(); k++) {
                    if (like(v, k, p, pi, escape)) {
                        return true;
                    }
                }
                return false;
            }
            if (vi >= v.length()) {
                return false;
            }
            if (c == escape && pi + 1 < p.length()) {
                pi++;
                if (v.charAt(vi) != p.charAt(pi)) {
                    return false;
                }
            } else if (c != '_' && c != v.charAt(vi)) {
                return false;
            }
            vi++;
            pi++;
        }
        return vi == v.length();
    }

    /** The text of a value as MySQL would convert it to a string (CONCAT, LIKE). */
    public static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Timestamp t) {
            String s = t.toLocalDateTime().toString().replace('T', ' ');
            return s.length() == 16 ? s + ":00" : s;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return v.toString();
    }

    /** A value used as a condition: NULL is unknown, numbers are true when not 0. */
    static Boolean truth(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return number(v).signum() != 0;
    }
}
