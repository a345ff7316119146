package dev.shift.agent.mapping;

import dev.shift.agent.collation.Collation;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One SQL column: its DynamoDB attribute, type and (for DECIMAL) scale.
 *
 * @param column    SQL column name, lower case
 * @param attribute DynamoDB attribute name
 * @param scale     DECIMAL scale (digits after the point) used when reading back; -1 when not DECIMAL
 * @param length    a string column's VARCHAR(n) length in characters, -1 when not declared
 * @param nullable  false for a NOT NULL column
 * @param collation a string column's collation, how its values compare and sort; null when not declared (exact)
 * @param normalisedKey true when key templates render this column as its collation's key text, so every spelling
 *                  the collation calls equal ({@code 'ab '}, {@code 'AB'}) names the same item, as it names the same
 *                  row in MySQL's unique index
 * @param ddl       the column as the table's DDL defines it, once read ({@link #definedBy}); null before
 */
public record ColumnMapping(String column, String attribute, ColumnType type, int scale, int length, boolean nullable,
                            Collation collation, boolean normalisedKey, ColumnDefinition ddl) {

    public ColumnMapping(String column, String attribute, ColumnType type, int scale) {
        this(column, attribute, type, scale, -1, true, null, false, null);
    }

    /** What MySQL stores when an INSERT leaves this column out; null while the DDL was not read. */
    public ColumnDefault onOmit() {
        return ddl == null ? null : ddl.onOmit();
    }

    /** True when MySQL sets this column on every UPDATE of its row ({@code ON UPDATE CURRENT_TIMESTAMP}). */
    public boolean setOnUpdate() {
        return ddl != null && ddl.setOnUpdate();
    }

    /**
     * This column as the table's DDL defines it: VARCHAR length, NOT NULL, DECIMAL scale and collation come from
     * {@code definition} (they decide what MySQL stores and how it compares, whatever the mapping says). What the mapping
     * declared differently, and what Shift cannot follow, is added to {@code notes}.
     *
     * @param generated true for the AUTO_INCREMENT column (NOT NULL, yet an INSERT may give NULL for "generate")
     */
    public ColumnMapping definedBy(String table, ColumnDefinition definition, boolean generated,
                                   java.util.List<String> notes) {
        String where = table + "." + column + ": ";
        if (!definition.fits(type)) {
            notes.add(where + "mapped as " + type.configName() + " but the table has " + definition.dataType()
                    + "; left as mapped");
            return this;
        }
        int len = type == ColumnType.STRING && definition.hasCharacterLength()
                ? (int) Math.min(definition.length(), Integer.MAX_VALUE) : length;
        // MariaDB (explicit_defaults_for_timestamp off) stores NOW() for a NULL given to a NOT NULL TIMESTAMP.
        boolean nul = generated || definition.dataType().equals("timestamp") ? nullable : definition.nullable();
        int sc = type == ColumnType.DECIMAL && definition.scale() >= 0 ? definition.scale() : scale;
        Collation coll = collation;
        if (normalisedKey && definition.collation() != null && !definition.collation().equalsIgnoreCase(collation.name())) {
            notes.add(where + "keys stay normalised by the mapping's collation " + collation.name() + ", the table has "
                    + definition.collation());
        } else if (type == ColumnType.STRING && definition.collation() != null) {
            try {
                coll = Collation.of(definition.collation());
            } catch (IllegalArgumentException unknown) {
                notes.add(where + unknown.getMessage() + "; compared " + (collation == null ? "exactly" : "as "
                        + collation.name()));
            }
        }
        if (length >= 0 && len != length) {
            notes.add(where + "the mapping declares length " + length + ", the table VARCHAR(" + len + ")");
        }
        if (!nullable && nul) {
            notes.add(where + "the mapping declares NOT NULL, the table allows NULL");
        }
        if (sc != scale) {
            notes.add(where + "the mapping declares scale " + scale + ", the table " + sc);
        }
        if (collation != null && !normalisedKey && coll != collation && !coll.name().equals(collation.name())) {
            notes.add(where + "the mapping declares collation " + collation.name() + ", the table " + coll.name());
        }
        return new ColumnMapping(column, attribute, type, sc, len, nul, coll, normalisedKey, definition);
    }

    /**
     * Refuses a value MySQL's strict mode would refuse for this column, with MySQL's error: NULL into NOT NULL
     * (23000, 1048), a string longer than its VARCHAR(n) (22001, 1406). Trailing spaces beyond the length are cut,
     * as MySQL cuts them (with a note, not an error). Returns the value to store.
     */
    public Object checked(Object canonical) throws java.sql.SQLException {
        if (canonical == null) {
            if (!nullable) {
                throw new java.sql.SQLException("Column '" + column + "' cannot be null", "23000", 1048);
            }
            return null;
        }
        if (length >= 0 && canonical instanceof String s && s.codePointCount(0, s.length()) > length) {
            int cut = s.offsetByCodePoints(0, length);
            if (!s.substring(cut).chars().allMatch(ch -> ch == ' ')) {
                throw new java.sql.SQLException("Data too long for column '" + column + "' at row 1", "22001", 1406);
            }
            return s.substring(0, cut);
        }
        return canonical;
    }

    /**
     * True when the rendered text sorts as MySQL sorts the column, so a sort key made of it can serve ORDER BY: not
     * for a string whose collation ignores letter case or trailing spaces or orders by weights.
     */
    public boolean sortsAsText() {
        return type.sortsAsText() && (collation == null || !collation.ignoresSomething());
    }

    public Object coerce(Object value) {
        return type.coerce(value);
    }

    /** An integer column's smallest value (INT, BIGINT, signed), a DECIMAL's once its precision is known; else null. */
    public java.math.BigDecimal min() {
        if (type == ColumnType.INT || type == ColumnType.LONG) {
            return type == ColumnType.INT ? INT_MIN : LONG_MIN;
        }
        java.math.BigDecimal max = max();
        return max == null ? null : max.negate();
    }

    /** An integer column's largest value, a DECIMAL(p,s)'s (p-s nines, s decimals) once its precision is known; else null. */
    public java.math.BigDecimal max() {
        if (type == ColumnType.DECIMAL) {
            return ddl == null || ddl.precision() <= 0 || scale < 0 ? null : decimalMax(ddl.precision(), scale);
        }
        return type == ColumnType.INT ? INT_MAX : type == ColumnType.LONG ? LONG_MAX : null;
    }

    private static final java.math.BigDecimal INT_MAX = java.math.BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final java.math.BigDecimal INT_MIN = java.math.BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final java.math.BigDecimal LONG_MAX = java.math.BigDecimal.valueOf(Long.MAX_VALUE);
    private static final java.math.BigDecimal LONG_MIN = java.math.BigDecimal.valueOf(Long.MIN_VALUE);
    /** DECIMAL(p,s)'s largest value by precision (≤ 65) and scale (≤ 30), worked out once: every write of the column asks. */
    private static final java.math.BigDecimal[] DECIMAL_MAX = new java.math.BigDecimal[66 * 31];

    private static java.math.BigDecimal decimalMax(int precision, int scale) {
        boolean cached = precision <= 65 && scale <= 30;
        java.math.BigDecimal max = cached ? DECIMAL_MAX[precision * 31 + scale] : null;
        if (max == null) {
            max = java.math.BigDecimal.ONE.movePointRight(precision - scale).subtract(java.math.BigDecimal.ONE.movePointLeft(scale));
            if (cached) {
                DECIMAL_MAX[precision * 31 + scale] = max;   // a race only computes the same value twice
            }
        }
        return max;
    }

    /** MySQL's strict-mode error for a value outside an integer column's range (22003, 1264). */
    public java.sql.SQLException outOfRange() {
        return new java.sql.SQLException("Out of range value for column '" + column + "' at row 1", "22003", 1264);
    }

    /** A canonical value as MySQL stores it in this column: a DECIMAL rounded half up to the column's scale (MySQL rounds it). */
    public Object stored(Object canonical) {
        if (canonical instanceof java.math.BigDecimal d && type == ColumnType.DECIMAL && scale >= 0 && d.scale() != scale) {
            return d.setScale(scale, java.math.RoundingMode.HALF_UP);
        }
        return canonical;
    }

    public AttributeValue toAttribute(Object canonical) {
        return type.toAttribute(canonical);
    }

    public Object fromAttribute(AttributeValue a) {
        return type.fromAttribute(a, scale);
    }

    /** The value as key templates hold it: its collation's key text when the key is normalised. */
    public String render(Object canonical) {
        return normalisedKey && canonical instanceof String s ? type.render(collation.key(s)) : type.render(canonical);
    }
}
