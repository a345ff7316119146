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
