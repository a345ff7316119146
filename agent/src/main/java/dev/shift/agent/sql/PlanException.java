package dev.shift.agent.sql;

/** Thrown while planning: the statement is untranslatable for the given reason. */
final class PlanException extends RuntimeException {
    final String table;

    PlanException(String table, String reason) {
        super(reason, null, false, false);
        this.table = table;
    }
}
