package dev.shift.agent.dynamo;

import java.util.List;

/**
 * The item writes for one statement. Its update count is {@code knownCount} plus one per
 * {@link ItemWrite#countsRow()} write whose condition held when it was applied.
 *
 * @param generatedKey the AUTO_INCREMENT value used, or null
 */
public record WriteResult(List<ItemWrite> writes, long knownCount, Long generatedKey) {
}
