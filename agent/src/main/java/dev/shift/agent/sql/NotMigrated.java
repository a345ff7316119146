package dev.shift.agent.sql;

/** The statement touches no migrated table: MySQL answers it in every phase. */
public record NotMigrated(String sql) implements StatementPlan {
}
