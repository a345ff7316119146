package dev.shift.agent.sql;

/** Small helpers for SQL text in messages. */
public final class SqlText {
    private SqlText() {
    }

    /** The statement on one line, cut at 300 characters. */
    public static String abbreviate(String sql) {
        if (sql == null) {
            return "";
        }
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
