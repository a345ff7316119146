package dev.shift.agent.dynamo;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.mapping.Mapping;
import java.util.List;

/**
 * Where items live: {@link DynamoGateway} in production; an in-memory store in golden tests.
 * Methods throw the SDK's runtime exceptions.
 */
public interface ItemStore extends ItemReader {
    Mapping mapping();

    String tableName();

    /** Applies one write; false when a row-matching condition did not hold (0 rows). */
    boolean write(ItemWrite w);

    /** One TransactWriteItems (at most 100 writes, each on a different item). */
    default void transact(List<ItemWrite> writes) {
        transact(writes, List.of());
    }

    /** One TransactWriteItems of the writes and the checks (at most 100 together, each on a different item). */
    void transact(List<ItemWrite> writes, List<ItemCheck> checks);

    /**
     * Deletes these items unconditionally, in as few calls as the store allows (one each here); returns the keys
     * it did not get to delete (the caller tries them again later).
     */
    default List<ItemKey> deleteAll(List<ItemKey> keys) {
        for (ItemKey k : keys) {
            write(new ItemWrite.Delete(k, Condition.NONE, false));
        }
        return List.of();
    }

    /** Applies an unconditional upsert Update; true when the item existed before. */
    boolean upsert(ItemWrite.Update w);
}
