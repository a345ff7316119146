package dev.shift.agent.item;

/**
 * A condition on an item a transaction read but does not write ({@code SELECT … FOR UPDATE}): checked in the same
 * TransactWriteItems as the transaction's writes (a ConditionCheck), so they apply only if the item is unchanged.
 */
public record ItemCheck(ItemKey key, Condition condition) {
}
