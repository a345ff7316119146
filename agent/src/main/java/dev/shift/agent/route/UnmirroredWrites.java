package dev.shift.agent.route;

import dev.shift.agent.sql.Untranslatable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes on migrated tables that MySQL took in a dual-write phase but DynamoDB may lack: Shift could neither
 * translate them nor follow the rows they touched. Each distinct statement is logged once with the reason; the
 * counts per table tell the operator that DynamoDB is no longer proven equal to MySQL for that table until a
 * backfill and a verify say so again.
 */
public final class UnmirroredWrites {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.route");
    private static final int MAX_REMEMBERED = 1_000;

    private final Map<String, LongAdder> perTable = new ConcurrentHashMap<>();
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    void seen(Untranslatable u, String reason) {
        perTable.computeIfAbsent(u.table(), t -> new LongAdder()).increment();
        if (statements.size() < MAX_REMEMBERED && statements.putIfAbsent(u.sql(), reason) == null) {
            LOG.log(System.Logger.Level.WARNING, "Shift: a write on migrated table " + u.table() + " went to MySQL "
                    + "and DynamoDB may lack it: Shift cannot translate it (" + u.reason() + ") nor follow its rows ("
                    + reason + "). Run a backfill and a verify before reading from DynamoDB: " + u.sql());
        }
    }

    /** Table → writes DynamoDB may lack, since this process started. */
    public Map<String, Long> perTable() {
        Map<String, Long> out = new TreeMap<>();
        perTable.forEach((t, n) -> out.put(t, n.sum()));
        return out;
    }

    /** Statement → why its rows could not be followed. */
    public Map<String, String> statements() {
        return new TreeMap<>(statements);
    }
}
