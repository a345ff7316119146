package dev.shift.agent.sql;

import dev.shift.agent.item.ItemKey;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Key rendering and value coercion shared by read and write plans. */
final class Keys {
    private Keys() {
    }

    static String render(TableMapping t, KeyTemplate kt, Function<String, Object> canonical) {
        return dev.shift.agent.mapping.RowItems.render(t, kt, canonical);
    }

    /** Text of the template up to (not including) its first column with no value. */
    static String prefix(TableMapping t, KeyTemplate kt, Function<String, Object> canonical) {
        return kt.renderPrefix(c -> {
            Object v = canonical.apply(c);
            return v == null ? null : t.column(c).render(v);
        });
    }

    static ItemKey key(TableMapping t, Function<String, Object> canonical) {
        return new ItemKey(render(t, t.partitionKey(), canonical), render(t, t.sortKey(), canonical));
    }

    static ItemKey keyOf(Mapping m, Map<String, AttributeValue> item) {
        return new ItemKey(item.get(m.partitionKeyAttribute()).s(), item.get(m.sortKeyAttribute()).s());
    }

    /** Coerces a JDBC value to the column's type, with an error naming the column and parameter. */
    static Object coerce(ColumnMapping c, TableMapping t, Object raw, ValueSource from) throws SQLException {
        try {
            return c.coerce(raw);
        } catch (RuntimeException e) {
            throw new SQLException("Shift: value " + from.describe() + " = '" + raw + "' is not a valid "
                    + c.type().configName() + " for " + t.name() + "." + c.column(), "22018", e);
        }
    }

    static Object value(TableMapping t, String column, ValueSource src, List<Object> params) throws SQLException {
        return coerce(t.column(column), t, src.resolve(params), src);
    }

    /**
     * A value written to a column, as MySQL would store it: coerced, DECIMAL rounded to the column's scale; a value
     * outside an integer column's range or a DECIMAL's precision, NULL into NOT NULL, or a string beyond its length is refused as MySQL's
     * strict mode refuses it (22003, 1048, 1406; see {@link ColumnMapping#checked}).
     */
    static Object stored(TableMapping t, String column, ValueSource src, List<Object> params) throws SQLException {
        ColumnMapping c = t.column(column);
        Object raw = src.resolve(params);
        if (raw != null && c.max() != null) {
            java.math.BigDecimal d;
            try {
                d = dev.shift.agent.mapping.ColumnType.toBigDecimal(raw);
            } catch (RuntimeException e) {
                d = null;   // not a number at all: coerce says so
            }
            boolean decimal = c.type() == dev.shift.agent.mapping.ColumnType.DECIMAL;
            if (d != null && decimal) {
                d = d.setScale(c.scale(), java.math.RoundingMode.HALF_UP);   // the range holds for the stored value
            }
            if (d != null && (d.compareTo(c.max()) > 0 || d.compareTo(c.min()) < 0)) {
                throw c.outOfRange();
            }
            if (d != null && !decimal && d.scale() > 0 && d.stripTrailingZeros().scale() > 0) {
                raw = d.setScale(0, java.math.RoundingMode.HALF_UP);   // MySQL rounds a fraction into an integer column
            }
        }
        return c.checked(c.stored(coerce(c, t, raw, src)));
    }

    /** Total order used for in-memory sorting and equality: NULL first, numbers by value, text as text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        if (a instanceof Number && b instanceof Number) {
            return dev.shift.agent.mapping.ColumnType.toBigDecimal(a).compareTo(dev.shift.agent.mapping.ColumnType.toBigDecimal(b));
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable) {
            return ((Comparable) a).compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    /** SQL equality: NULL equals nothing. */
    static boolean sqlEquals(Object a, Object b) {
        return a != null && b != null && compare(a, b) == 0;
    }

    /** SQL equality of two values of column {@code c}: strings under the column's collation. */
    static boolean sqlEquals(ColumnMapping c, Object a, Object b) {
        if (a instanceof String x && b instanceof String y && c.collation() != null) {
            return c.collation().compare(x, y) == 0;
        }
        return sqlEquals(a, b);
    }

    /** A join key independent of Long/Integer/BigDecimal representation. */
    static Object joinKey(Object v) {
        if (v instanceof Number) {
            return dev.shift.agent.mapping.ColumnType.toBigDecimal(v).stripTrailingZeros().toPlainString();
        }
        return v;
    }
}
