package dev.shift.agent.mapping;

import java.util.Map;

/**
 * A child table whose rows live inside their parent's item as a List of Maps (e.g. order_items inside the
 * order item, attribute {@code items}).
 *
 * @param parentTable   SQL name of the parent table
 * @param attribute     list attribute on the parent item
 * @param parentColumns child column → parent column it equals (order_items.order_id → orders.id); these
 *                      child columns are not stored in the embedded map, they come from the parent
 */
public record Embedding(String parentTable, String attribute, Map<String, String> parentColumns) {
}
