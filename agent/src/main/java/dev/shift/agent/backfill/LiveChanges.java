package dev.shift.agent.backfill;

import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.sql.RowScope;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application's changes whose DynamoDB side may not have landed yet, as its outbox lists them (phases 2-4 record
 * every dual-written change's rows there before MySQL commits, and delete the entry once DynamoDB has the change).
 * A row an entry names is not copied under the chunk's locks: that change may already be in the row and still on its
 * way to DynamoDB (an {@code ADD} landing on the copy would count twice). It is copied once the entry is gone.
 */
final class LiveChanges {
    private static final System.Logger LOG = System.getLogger("shift.backfill");

    private final String outboxTable;
    private final AtomicBoolean toldNoOutbox = new AtomicBoolean();

    LiveChanges(String outboxTable) {
        this.outboxTable = outboxTable;
    }

    /** Per row of {@code rows} that an outbox entry names now (by primary key): the ids of those entries. */
    Map<List<Object>, Set<Long>> pending(Connection c, List<Row> rows) throws SQLException {
        Map<Long, List<RowScope>> entries = Outbox.entries(c, outboxTable);
        if (entries == null) {
            if (toldNoOutbox.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "backfill: this database has no table " + outboxTable + ", so no "
                        + "change the application made is seen on its way to DynamoDB. That is right before the agent "
                        + "first dual-wrote here; otherwise give its outbox.table with --outbox-table");
            }
            return Map.of();
        }
        if (entries.isEmpty() || rows.isEmpty()) {
            return Map.of();
        }
        Map<List<Object>, Set<Long>> out = new LinkedHashMap<>();
        for (Map.Entry<Long, List<RowScope>> e : entries.entrySet()) {
            for (RowScope scope : e.getValue()) {
                if (!scope.table().equalsIgnoreCase(rows.get(0).table())) {
                    continue;
                }
                for (Row r : rows) {
                    if (names(scope, r)) {
                        out.computeIfAbsent(r.key(), k -> new HashSet<>()).add(e.getKey());
                    }
                }
            }
        }
        return out;
    }

    /** Waits until none of these entries is in the outbox (their DynamoDB writes have returned), at most {@code patience}. */
    boolean awaitGone(Connection c, Set<Long> ids, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        Set<Long> left = ids;
        while (!(left = Outbox.stillThere(c, outboxTable, left)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return true;
    }

    /**
     * Whether the scope's equalities hold on the row. Loose on purpose (a row named wrongly is only copied a little
     * later, one missed could be counted twice): columns by name in any case, numbers by value, strings as a
     * case-insensitive collation compares them; a column the row lacks, or values of types that do not compare, count
     * as equal.
     */
    static boolean names(RowScope scope, Row row) {
        for (Map.Entry<String, Object> e : scope.columns().entrySet()) {
            Object v = value(row, e.getKey());
            if (v != NO_COLUMN && !looselyEqual(e.getValue(), v)) {
                return false;
            }
        }
        return true;
    }

    private static final Object NO_COLUMN = new Object();

    private static Object value(Row row, String column) {
        if (row.values().containsKey(column)) {
            return row.values().get(column);
        }
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        return NO_COLUMN;
    }

    static boolean looselyEqual(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (Differ.equalValues(a, b)) {
            return true;
        }
        if (a instanceof String && b instanceof String) {
            return text(a).equals(text(b));
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a.getClass() != b.getClass();   // values of two types Shift cannot compare: the row is held
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Number) {
            return ColumnType.toBigDecimal(v);
        }
        try {
            return v instanceof String s ? new BigDecimal(s.trim()) : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** As MySQL's default collations compare text: case-insensitively, trailing spaces ignored. */
    private static String text(Object v) {
        return v.toString().stripTrailing().toLowerCase(Locale.ROOT);
    }
}
