package dev.shift.agent.item;

import java.math.BigDecimal;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One clause of an UpdateExpression, kept as data so buffered writes can be folded and applied in memory. */
public sealed interface UpdateAction {
    String attribute();

    /** {@code SET a = :v}. */
    record Set(String attribute, AttributeValue value) implements UpdateAction {
    }

    /** {@code SET a = if_not_exists(a, :v)}. */
    record SetIfAbsent(String attribute, AttributeValue value) implements UpdateAction {
    }

    /** {@code ADD a :n} (absent counts as 0). */
    record Add(String attribute, BigDecimal delta) implements UpdateAction {
    }

    /** {@code SET a = if_not_exists(a, :base) + :inc} — an upsert whose inserted value differs from the increment. */
    record Increment(String attribute, BigDecimal base, BigDecimal increment) implements UpdateAction {
    }

    /** {@code SET a = list_append(if_not_exists(a, :base), :values)}. */
    record Append(String attribute, List<AttributeValue> base, List<AttributeValue> values) implements UpdateAction {
    }

    /** {@code REMOVE a} (SQL NULL). */
    record Remove(String attribute) implements UpdateAction {
    }
}
