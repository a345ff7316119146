package dev.shift.agent.route;

import dev.shift.agent.sql.Untranslatable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Writes on migrated tables that MySQL took in a dual-write phase but DynamoDB may lack: Shift could neither
 * translate them nor follow the rows they touched. Each distinct statement is logged once with the reason; the
 * counts per table tell the operator that DynamoDB is no longer proven equal to MySQL for that table until a
 * backfill and a verify say so again.
 */
public final class UnmirroredWrites {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.route");
    private static final int MAX_REMEMBERED = 1_000;

    private static final long VOID_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final Map<String, LongAdder> perTable = new ConcurrentHashMap<>();
    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Map<String, Long> lastVoided = new ConcurrentHashMap<>();
    private volatile Consumer<String> voided = what -> { };

    /**
     * {@code listener} hears, at most once a minute per table, that DynamoDB may now lack a write (the agent records it
     * in the audit trail, which voids earlier verifies for the phase gates). It must not block: it runs on the
     * application's thread.
     */
    public void onVoided(Consumer<String> listener) {
        this.voided = listener;
    }

    void seen(Untranslatable u, String reason) {
        perTable.computeIfAbsent(u.table(), t -> new LongAdder()).increment();
        long now = System.nanoTime();
        Long last = lastVoided.get(u.table());
        if ((last == null || now - last > VOID_EVERY_NANOS) && lastVoided.put(u.table(), now) == last) {
            voided.accept("a write on " + u.table() + " that DynamoDB may lack (" + reason + "): "
                    + dev.shift.agent.sql.SqlText.abbreviate(u.sql()));
        }
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
