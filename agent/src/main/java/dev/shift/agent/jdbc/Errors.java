package dev.shift.agent.jdbc;

import java.sql.SQLException;

/** The one place where a failure inside Shift becomes the SQLException the application sees. */
final class Errors {

    private Errors() {
    }

    /**
     * An interceptor bug or a missing class must not escape as an unchecked exception the application's JDBC
     * code does not expect: it becomes an SQLException naming the statement.
     */
    static SQLException translate(String statement, StatementInterceptor interceptor, Throwable cause) {
        return new SQLException("Shift could not run " + abbreviate(statement) + " (" + interceptor + "): " + cause,
                "HY000", cause);
    }

    private static String abbreviate(String sql) {
        if (sql == null) {
            return "<no SQL>";
        }
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "…";
    }
}
