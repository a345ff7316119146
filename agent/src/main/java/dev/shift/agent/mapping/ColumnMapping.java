package dev.shift.agent.mapping;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One SQL column: its DynamoDB attribute, type and (for DECIMAL) scale.
 *
 * @param column    SQL column name, lower case
 * @param attribute DynamoDB attribute name
 * @param scale     DECIMAL scale (digits after the point) used when reading back; -1 when not DECIMAL
 */
public record ColumnMapping(String column, String attribute, ColumnType type, int scale) {

    public Object coerce(Object value) {
        return type.coerce(value);
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

    public String render(Object canonical) {
        return type.render(canonical);
    }
}
