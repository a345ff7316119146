package dev.shift.agent.route;

import dev.shift.agent.sql.NotMigrated;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.Phase;
import dev.shift.core.migration.StatementReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The distinct statements on migrated tables the application sends, with how often, where each went, and whether
 * DynamoDB can answer it ({@code GET /api/migration/statements}). Bounded: beyond {@link #MAX_STATEMENTS} distinct
 * texts (an application that inlines values in its SQL) new ones are only counted.
 */
final class StatementCatalog {
    static final int MAX_STATEMENTS = 2_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong notListed = new AtomicLong();
    private final Clock clock;

    StatementCatalog(Clock clock) {
        this.clock = clock;
    }

    /** Where a statement goes under these flags. */
    enum Served { MYSQL, DYNAMODB, BOTH, REFUSED }

    private static final class Entry {
        final StatementPlan plan;
        final boolean write;
        final Instant firstSeen;
        volatile long lastSeenMillis;   // a long, not an Instant: counting a statement allocates nothing
        final LongAdder[] served = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};

        Entry(StatementPlan plan, boolean write, Instant now) {
            this.plan = plan;
            this.write = write;
            this.firstSeen = now;
            this.lastSeenMillis = now.toEpochMilli();
        }
    }

    /** Counts one statement on a migrated table ({@code write}: run as an update, else as a query). */
    void seen(StatementPlan plan, Flags flags, boolean write) {
        seen(plan, flags, write, 1);
    }

    /** The statements the starting gate let through to MySQL in phase 1, planned now (off the application's threads). */
    void servedBeforeStart(List<StartingGate.ServedEarly> served, SqlPlanner planner) {
        for (StartingGate.ServedEarly e : served) {
            StatementPlan plan = planner.plan(e.sql());
            if (!(plan instanceof NotMigrated)) {
                long writes = plan instanceof ReadPlan ? 0 : e.writes().sum();   // e.g. a SELECT run by execute()
                seen(plan, Phase.MYSQL_ONLY.flags(), false, e.reads().sum() + e.writes().sum() - writes);
                seen(plan, Phase.MYSQL_ONLY.flags(), true, writes);
            }
        }
    }

    private void seen(StatementPlan plan, Flags flags, boolean write, long times) {
        if (times <= 0) {
            return;
        }
        Entry e = entries.get(plan.sql());
        if (e == null) {
            if (entries.size() >= MAX_STATEMENTS) {
                notListed.incrementAndGet();
                return;
            }
            Instant now = clock.instant();
            e = entries.computeIfAbsent(plan.sql(), k -> new Entry(plan, write, now));
        }
        e.lastSeenMillis = clock.millis();
        e.served[served(plan, flags, write).ordinal()].add(times);
    }

    /** Mirrors the router's decisions: reads by the read flags; writes by the write flags; untranslated ones as admitted. */
    private static Served served(StatementPlan plan, Flags flags, boolean write) {
        if (plan instanceof Untranslatable) {
            if (!(write ? flags.readMysql() || !flags.writeDdb() : flags.readMysql())) {
                return Served.REFUSED;
            }
            return write && flags.writeDdb() && flags.writeMysql() ? Served.BOTH : Served.MYSQL;   // copied from MySQL
        }
        if (!write) {
            return flags.readMysql() ? (flags.readDdb() ? Served.BOTH : Served.MYSQL) : Served.DYNAMODB;
        }
        return flags.writeMysql() ? (flags.writeDdb() ? Served.BOTH : Served.MYSQL) : Served.DYNAMODB;
    }

    StatementReport report() {
        List<StatementReport.Statement> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            Map<String, Long> served = new TreeMap<>();
            long count = 0;
            for (Served s : Served.values()) {
                long n = e.served[s.ordinal()].sum();
                if (n > 0) {
                    served.put(s.name().toLowerCase(java.util.Locale.ROOT), n);
                    count += n;
                }
            }
            String kind = e.write ? "write" : "read";
            String table = e.plan instanceof Untranslatable u ? u.table() : e.plan instanceof ReadPlan r ? r.table()
                    : e.plan instanceof WritePlan w ? w.table() : "";
            boolean answerable = !(e.plan instanceof Untranslatable);
            String reason = e.plan instanceof Untranslatable u ? u.reason() : null;
            out.add(new StatementReport.Statement(e.plan.sql(), table, kind, answerable, reason, count, served,
                    e.firstSeen, Instant.ofEpochMilli(e.lastSeenMillis)));
        }
        out.sort(Comparator.comparingLong(StatementReport.Statement::count).reversed()
                .thenComparing(StatementReport.Statement::sql));
        return new StatementReport(out, notListed.get());
    }
}
