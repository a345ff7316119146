package dev.shift.agent.route;

import dev.shift.agent.sql.Untranslatable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the operator, once per distinct statement, that Shift sent SQL on a migrated table to MySQL
 * because it cannot answer it from DynamoDB: each one must be translatable (or gone) before the
 * application can read from DynamoDB alone.
 */
final class UntranslatedLog {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.route");
    private static final int MAX_REMEMBERED = 1_000;

    private final Set<String> reads = ConcurrentHashMap.newKeySet();
    private final Set<String> writes = ConcurrentHashMap.newKeySet();

    void seen(Untranslatable u, boolean write) {
        Set<String> seen = write ? writes : reads;
        if (seen.size() < MAX_REMEMBERED && seen.add(u.sql())) {
            LOG.log(System.Logger.Level.WARNING, "Shift: statement on migrated table " + u.table()
                    + " served by MySQL only (" + u.reason() + "); it would fail once MySQL is no longer read: "
                    + u.sql());
        }
    }

    /** Distinct reads seen that DynamoDB could not answer. */
    java.util.List<String> reads() {
        return java.util.List.copyOf(reads);
    }

    /** Distinct writes seen that Shift cannot translate. */
    java.util.List<String> writes() {
        return java.util.List.copyOf(writes);
    }
}
