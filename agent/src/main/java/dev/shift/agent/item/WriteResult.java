package dev.shift.agent.item;

import java.util.List;

/**
 * The item writes for one statement. Its update count is {@code knownCount} plus one per
 * {@link ItemWrite#countsRow()} write whose condition held when it was applied; for an
 * {@code upsert} (INSERT … ON DUPLICATE KEY UPDATE, one Update) applied under autocommit it is MySQL's 1 when
 * the item was new and {@code foundCount} when it existed.
 *
 * @param generatedKey the AUTO_INCREMENT value used, or null
 * @param foundCount   an upsert's count when the row existed: 2, or 1 when its update sets every value to the one it
 *                     has (MySQL reports found rows, as the drivers ask by default)
 */
public record WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey, boolean upsert, int foundCount) {
    public WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey) {
        this(writes, knownCount, generatedKey, false, 2);
    }

    public WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey, boolean upsert) {
        this(writes, knownCount, generatedKey, upsert, 2);
    }
}
