package dev.shift.agent.mapping;

/**
 * What MySQL stores in a column an INSERT leaves out, from the DDL ({@code information_schema.COLUMNS.COLUMN_DEFAULT}).
 *
 * @param kind what the default is
 * @param text the literal's text ({@link Kind#LITERAL}) or the expression MySQL evaluates ({@link Kind#COMPUTED});
 *             null otherwise
 */
public record ColumnDefault(Kind kind, String text) {

    public enum Kind {
        /** NULL (a nullable column without a default, or {@code DEFAULT NULL}). */
        NULL,
        /** A constant: {@code DEFAULT 'triage'}, {@code DEFAULT 3}. */
        LITERAL,
        /** An expression MySQL evaluates when it inserts ({@code CURRENT_TIMESTAMP}, {@code UUID()}). */
        COMPUTED,
        /** None: a NOT NULL column without a default, which strict mode refuses to leave out. */
        NONE
    }

    public static final ColumnDefault NULL = new ColumnDefault(Kind.NULL, null);
    public static final ColumnDefault NONE = new ColumnDefault(Kind.NONE, null);

    @Override
    public String toString() {
        return switch (kind) {
            case NULL -> "DEFAULT NULL";
            case NONE -> "no default";
            case LITERAL -> "DEFAULT '" + text + "'";
            case COMPUTED -> "DEFAULT " + text;
        };
    }
}
