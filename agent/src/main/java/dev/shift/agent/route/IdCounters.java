package dev.shift.agent.route;

import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.backfill.SqlTable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Ids for AUTO_INCREMENT columns once MySQL is no longer written. Each time MySQL stops being written (every new
 * flag state, so re-entering phase 5 counts again), before the first id of a column is handed out, its DynamoDB
 * counter is moved above MySQL's highest id and next AUTO_INCREMENT (read on the application's own connection) plus
 * a margin for instances that still write MySQL until they see the switch, so an id is never given twice across the
 * two stores.
 */
final class IdCounters {
    /** Ids left between MySQL's and Shift's, for MySQL inserts of instances that have not seen the switch yet. */
    static final long MARGIN = 1_000;

    private final IdAllocator allocator;
    private final LongSupplier stateVersion;
    private final Map<String, Long> initialisedIn = new ConcurrentHashMap<>();   // "table.column" → state version

    IdCounters(IdAllocator allocator, LongSupplier stateVersion) {
        this.allocator = allocator;
        this.stateVersion = stateVersion;
    }

    /** The id source for one statement on this MySQL connection. */
    IdSource on(Connection mysql) {
        return (table, column) -> {
            String key = table + "." + column;
            long version = stateVersion.getAsLong();
            Long done = initialisedIn.get(key);
            if (done == null || done != version) {
                synchronized (this) {
                    done = initialisedIn.get(key);
                    if (done == null || done != version) {
                        allocator.initialiseAbove(table, column, mysqlHighest(mysql, table, column) + MARGIN);
                        initialisedIn.put(key, version);
                    }
                }
            }
            return allocator.next(table, column);
        };
    }

    /** The highest id MySQL has used or will hand out next minus one, whichever is higher. */
    private static long mysqlHighest(Connection mysql, String table, String column) throws SQLException {
        // Identifiers come from the operator's mapping, not from the application: quoting them is enough.
        long max;
        try (Statement st = mysql.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(`" + column + "`), 0) FROM `" + table + "`")) {
            rs.next();
            max = rs.getLong(1);
        }
        return Math.max(max, SqlTable.nextAutoIncrement(mysql, table) - 1);
    }
}
