package dev.shift.agent.sql;

/**
 * What Shift decided about one SQL string (cached per string by {@link SqlPlanner}):
 * <ul>
 *   <li>{@link NotMigrated}: touches no migrated table → MySQL in every phase;</li>
 *   <li>{@link Untranslatable}: touches a migrated table in a way Shift cannot answer from DynamoDB;</li>
 *   <li>{@link ReadPlan}: a SELECT answered from DynamoDB (plus MySQL for a joined non-migrated table);</li>
 *   <li>{@link WritePlan}: an INSERT/UPDATE/DELETE turned into DynamoDB item writes.</li>
 * </ul>
 */
public sealed interface StatementPlan permits NotMigrated, Untranslatable, ReadPlan, WritePlan {
    /** The SQL text as the application sent it. */
    String sql();
}
