package dev.shift.core.migration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every distinct statement on migrated tables the application has sent since Shift started, with what Shift makes of
 * it: in phase 1 this is the complete list of what would fail once MySQL is no longer read or written.
 *
 * @param statements the statements, most frequent first
 * @param notListed  distinct statements beyond the ones kept (the list is bounded)
 */
public record StatementReport(List<Statement> statements, long notListed) {

    public static final StatementReport NONE = new StatementReport(List.of(), 0);

    /**
     * @param kind       "read" or "write"
     * @param answerable whether DynamoDB can answer it (phases 4-5); if not, {@code reason} says why
     * @param served     where it went, with how many times ({@code mysql}, {@code dynamodb}, {@code both}, {@code refused})
     */
    public record Statement(String sql, String table, String kind, boolean answerable, String reason, long count,
                            Map<String, Long> served, Instant firstSeen, Instant lastSeen) {
    }

    public StatementReport {
        statements = List.copyOf(statements);
    }
}
