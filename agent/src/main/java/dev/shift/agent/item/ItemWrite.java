package dev.shift.agent.item;

import java.util.List;
import java.util.Map;

/**
 * One mutation of one item, as data: what a statement turns into, what a transaction buffers and folds, and
 * what the DynamoDB gateway sends (PutItem / UpdateItem / DeleteItem, or one action of TransactWriteItems).
 *
 * <p>{@code countsRow}: the write stands for one SQL row whose WHERE is expressed by the condition; if the
 * condition fails the row simply did not match (update count 0), it is not an error.
 */
public sealed interface ItemWrite {
    ItemKey key();

    Condition condition();

    boolean countsRow();

    record Put(ItemKey key, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item,
               Condition condition, boolean countsRow) implements ItemWrite {
    }

    record Update(ItemKey key, List<UpdateAction> actions, Condition condition, boolean countsRow) implements ItemWrite {
    }

    record Delete(ItemKey key, Condition condition, boolean countsRow) implements ItemWrite {
    }
}
