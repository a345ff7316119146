package dev.shift.agent.sql;

/**
 * What a write plan needs to know that the statement does not say, decided by the execute stage before it asks the
 * plan for its writes.
 *
 * @param buffered     inside an open transaction: writes wait for COMMIT, rows are matched by what was read, and
 *                     conditions only guard against concurrent change
 * @param version      the version attribute's value for this statement's writes (write time in µs, increasing)
 * @param generatedKey the AUTO_INCREMENT id for an INSERT that leaves it to the database ({@link
 *                     WritePlan#needsGeneratedKey}); null otherwise
 */
public record WriteSituation(boolean buffered, long version, Long generatedKey) {
}
