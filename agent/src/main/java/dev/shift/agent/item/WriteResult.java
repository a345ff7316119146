package dev.shift.agent.item;

import java.util.List;

/**
 * The item writes for one statement. Its update count is {@code knownCount} plus one per
 * {@link ItemWrite#countsRow()} write whose condition held when it was applied; for an
 * {@code upsert} (INSERT … ON DUPLICATE KEY UPDATE, one Update) applied under autocommit it is MySQL's 1 when
 * the item was new and 2 when it existed.
 *
 * @param generatedKey the AUTO_INCREMENT value used, or null
 */
public record WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey, boolean upsert) {
    public WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey) {
        this(writes, knownCount, generatedKey, false);
    }
}
