package dev.shift.agent.jdbc;

import java.sql.SQLException;

/** The one place where a failure inside Shift becomes the SQLException the application sees. */
final class Errors {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.jdbc");

    private Errors() {
    }

    /**
     * An interceptor bug or a missing class must not escape as an unchecked exception the application's JDBC
     * code does not expect: it becomes an SQLException naming the statement, in words an operator and an end user
     * may read; the internals (which part of Shift, the Java exception) go to Shift's log, with an id to find them.
     */
    static SQLException translate(String statement, StatementInterceptor interceptor, Throwable cause) {
        String id = Long.toString(System.nanoTime() & 0xffffffL, 36);
        LOG.log(System.Logger.Level.ERROR, "Shift failed on " + abbreviate(statement) + " (" + interceptor + ", error "
                + id + ")", cause);
        return new SQLException("Shift could not run " + abbreviate(statement) + " because of an internal error; "
                + "nothing is known to have changed in DynamoDB (error " + id + " in the application's log)", "HY000", cause);
    }

    private static String abbreviate(String sql) {
        if (sql == null) {
            return "<no SQL>";
        }
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "…";
    }
}
