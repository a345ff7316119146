package com.acme.shop.dao;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers shared by the DAOs. */
public final class Db {

    private Db() {
    }

    /** The current time as a SQL timestamp, truncated to milliseconds (the columns are DATETIME(3)). */
    public static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Escapes LIKE wildcards so user input matches literally. */
    public static String likeContains(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('%');
        for (char ch : text.toCharArray()) {
            if (ch == '%' || ch == '_' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.append('%').toString();
    }
}
