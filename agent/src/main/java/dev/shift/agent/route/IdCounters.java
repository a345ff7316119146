package dev.shift.agent.route;

import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.IdSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ids for AUTO_INCREMENT columns once MySQL is no longer written. Before the first id of a column is
 * handed out, its DynamoDB counter is moved above MySQL's highest id (read on the application's own
 * connection), so an id is never given twice across the two stores.
 */
final class IdCounters {

    private final IdAllocator allocator;
    private final Map<String, Object> initialised = new ConcurrentHashMap<>();

    IdCounters(IdAllocator allocator) {
        this.allocator = allocator;
    }

    /** The id source for one statement on this MySQL connection. */
    IdSource on(Connection mysql) {
        return (table, column) -> {
            String key = table + "." + column;
            if (!initialised.containsKey(key)) {
                synchronized (this) {
                    if (!initialised.containsKey(key)) {
                        allocator.initialiseAbove(table, column, mysqlMax(mysql, table, column));
                        initialised.put(key, Boolean.TRUE);
                    }
                }
            }
            return allocator.next(table, column);
        };
    }

    private static long mysqlMax(Connection mysql, String table, String column) throws SQLException {
        // Identifiers come from the operator's mapping, not from the application: quoting them is enough.
        String sql = "SELECT COALESCE(MAX(`" + column + "`), 0) FROM `" + table + "`";
        try (Statement st = mysql.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
