package dev.shift.agent.dynamo;

/** What a write statement returns to the application: its update count and the generated key, if any. */
public record WriteOutcome(long updateCount, Long generatedKey) {
}
