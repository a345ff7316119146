package dev.shift.admin.http;

import dev.shift.core.migration.Check;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.audit.AuditPage;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.control.ChangeResult;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.store.InstanceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API, as maps in a fixed field order (documented in the module README). */
final class Views {

    private Views() {
    }

    /** The status with everything the context knows: counters, backlog, jobs. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> status(AdminContext ctx, MigrationState s) {
        Map<String, Object> m = status(s, ctx.metrics(), ctx.instances());
        java.util.Optional<Backlog.Summary> backlog = ctx.backlogSummary();
        ((Map<String, Object>) m.get("counters")).put("pendingReplays",
                ctx.backlogSet() ? backlog.map(Backlog.Summary::pending).orElse(-1L) : ctx.pendingReplays());
        m.put("backlog", backlog.map(b -> backlogSummary(b, Instant.now())).orElse(null));
        m.put("reverseSync", ctx.reverseSummary().map(r -> reverseSummary(r)).orElse(null));
        m.put("jobs", jobs(ctx.jobs()));
        return m;
    }

    static Map<String, Object> reverseSummary(dev.shift.core.backlog.ReverseBacklog.Summary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", r.pending());
        m.put("oldestAgeSeconds", r.oldestAge().map(java.time.Duration::toSeconds).orElse(null));
        m.put("idsBehind", r.idsBehind());
        m.put("lastError", r.lastError().orElse(null));
        m.put("caughtUp", r.caughtUp());
        return m;
    }

    static Map<String, Object> status(MigrationState s, ShiftMetrics metrics, List<InstanceStatus> instances) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", s.flags().phaseNumber());
        m.put("name", s.flags().phase().map(Phase::title).orElse("custom"));
        m.put("description", s.flags().phase().map(Phase::description).orElse("A combination of flags that is not one of the five phases."));
        m.put("flags", AuditJson.flagMap(s.flags()));
        m.put("version", s.version());
        m.put("since", s.since().toString());
        m.put("changedBy", s.changedBy());
        m.put("counters", counters(metrics));
        List<Object> list = new ArrayList<>();
        boolean converged = true;
        for (InstanceStatus i : instances) {
            list.add(instance(i));
            converged &= i.stale() || i.appliedVersion() == s.version();
        }
        m.put("instances", list);
        m.put("fleetConverged", converged);
        return m;
    }

    static Map<String, Object> counters(ShiftMetrics metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Store store : Store.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("reads", metrics.reads(store));
            c.put("writes", metrics.writes(store));
            c.put("errors", metrics.errors(store));
            c.put("meanReadMillis", meanMillis(metrics.readNanos(store), metrics.timedReads(store)));
            c.put("meanWriteMillis", meanMillis(metrics.writeNanos(store), metrics.timedWrites(store)));
            m.put(store.name().toLowerCase(Locale.ROOT), c);
        }
        m.put("untranslatedStatements", metrics.untranslated());
        m.put("unmirroredWrites", metrics.unmirrored());
        m.put("pendingReplays", pendingReplays(metrics));
        return m;
    }

    /** The replay source belongs to the agent; a failing one must not take the status page down. */
    static long pendingReplays(ShiftMetrics metrics) {
        return AdminContext.pendingReplays(metrics, Backlog.EMPTY, false);
    }

    /** {"pending": n, "oldestAgeSeconds": s or null, "oldestRecordedAt": t or null} */
    static Map<String, Object> backlogSummary(Backlog.Summary s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", s.pending());
        m.put("oldestAgeSeconds", s.oldestAge().map(Views::seconds).orElse(null));
        m.put("oldestRecordedAt", s.oldestAge().map(a -> now.minus(a).toString()).orElse(null));
        return m;
    }

    static Map<String, Object> backlog(Backlog.Summary s, List<Backlog.Entry> entries, int limit, Instant now) {
        Map<String, Object> m = backlogSummary(s, now);
        m.put("limit", limit);
        List<Object> list = new ArrayList<>();
        for (Backlog.Entry e : entries) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", e.id());
            x.put("recordedAt", e.recordedAt().toString());
            x.put("ageSeconds", seconds(Duration.between(e.recordedAt(), now)));
            x.put("scope", e.scope());
            x.put("attempts", e.attempts());
            x.put("lastError", e.lastError());
            list.add(x);
        }
        m.put("entries", list);
        return m;
    }

    static double seconds(Duration d) {
        return Math.max(0, d.toMillis()) / 1000.0;
    }

    /** {"available": b, "backfill": run or null, "verify": run or null, "lastVerify": {...} or null} */
    static Map<String, Object> jobs(Jobs jobs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", jobs.available());
        try {
            m.put("backfill", jobs.backfill().map(Views::run).orElse(null));
            m.put("verify", jobs.verify().map(Views::run).orElse(null));
            m.put("lastVerify", jobs.lastVerifyResult().map(Views::verdict).orElse(null));
        } catch (RuntimeException e) {
            m.put("error", "the agent's jobs cannot be read right now (" + e.getMessage() + ")");
        }
        return m;
    }

    /** The readiness signal: {"finishedAt", "differences", "agrees", "runId", "diffFile"}. */
    static Map<String, Object> verdict(Jobs.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.id());
        m.put("finishedAt", r.finishedAt().map(Instant::toString).orElse(null));
        m.put("differences", r.differences().orElse(null));
        m.put("agrees", r.agrees());
        m.put("diffFile", r.diffFile().orElse(null));
        return m;
    }

    static Map<String, Object> run(Jobs.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().wireName());
        m.put("state", r.state().wireName());
        m.put("startedBy", r.startedBy());
        m.put("startedAt", r.startedAt().toString());
        m.put("finishedAt", r.finishedAt().map(Instant::toString).orElse(null));
        m.put("options", new java.util.TreeMap<>(r.options()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("done", r.progress().done());
        p.put("total", r.progress().total());
        p.put("percent", r.progress().percent().orElse(null));
        p.put("ratePerSecond", Math.round(r.progress().ratePerSecond() * 10) / 10.0);
        p.put("etaSeconds", r.progress().eta().map(Duration::toSeconds).orElse(null));
        m.put("progress", p);
        m.put("counts", new java.util.TreeMap<>(r.counts()));
        if (r.kind() == Jobs.Kind.VERIFY) {
            m.put("differences", r.differences().orElse(null));
            m.put("agrees", r.agrees());
        }
        m.put("errors", r.errors());
        m.put("diffFile", r.diffFile().orElse(null));
        return m;
    }

    /** 2000 rather than 2000.0. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static Double meanMillis(long nanos, long count) {
        return count == 0 ? null : Math.round(nanos / (double) count / 1_000.0) / 1_000.0;
    }

    static Map<String, Object> instance(InstanceStatus i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instanceId", i.instanceId());
        m.put("appliedVersion", i.appliedVersion());
        m.put("lastSeen", i.lastSeen().toString());
        m.put("self", i.self());
        m.put("stale", i.stale());
        return m;
    }

    static Map<String, Object> audit(AuditPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", page.total());
        m.put("limit", page.limit());
        m.put("offset", page.offset());
        List<Object> entries = new ArrayList<>();
        for (AuditEntry e : page.entries()) {
            entries.add(AuditJson.toMap(e));
        }
        m.put("entries", entries);
        return m;
    }

    /** The answer to a change: what is in force now, and the audit entry if something changed. */
    static Map<String, Object> change(ChangeResult r, Map<String, Object> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", r.changed());
        m.put("message", message(r));
        m.put("status", status);
        m.put("audit", r.entry().map(AuditJson::toMap).orElse(null));
        return m;
    }

    static String message(ChangeResult r) {
        return r.entry().map(e -> "changed " + e.summary() + " (version " + e.version() + ")")
                .orElse("nothing changed: " + AuditEntry.describe(r.state().flags()) + " is already in force");
    }

    static Map<String, Object> validation(ValidationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", r.enabled());
        m.put("samplePercent", r.samplePercent());
        m.put("compared", r.compared());
        m.put("matched", r.matched());
        m.put("mismatches", r.mismatches());
        m.put("skipped", r.skipped());
        m.put("errors", r.errors());
        m.put("lastError", r.lastError());
        Map<String, Object> skipped = new LinkedHashMap<>();
        r.skippedByReason().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> skipped.put(e.getKey(), e.getValue()));
        m.put("skippedByReason", skipped);
        m.put("byTable", counts(r.byTable()));
        m.put("byStatement", counts(r.byStatement()));
        List<Object> recent = new ArrayList<>();
        for (ValidationReport.Mismatch x : r.recent()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", x.at().toString());
            e.put("table", x.table());
            e.put("key", x.key());
            e.put("detail", x.detail());
            e.put("sql", x.sql());
            e.put("parameters", x.parameters());
            e.put("mysql", result(x.mysql()));
            e.put("dynamodb", result(x.dynamodb()));
            recent.add(e);
        }
        m.put("recent", recent);
        return m;
    }

    private static Map<String, Object> counts(Map<String, ValidationReport.Counts> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("compared", e.getValue().compared());
            t.put("mismatches", e.getValue().mismatches());
            t.put("errors", e.getValue().errors());
            out.put(e.getKey(), t);
        });
        return out;
    }

    private static Map<String, Object> result(ValidationReport.Result r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", r.columns());
        m.put("rows", r.rows());
        m.put("totalRows", r.totalRows());
        return m;
    }

    /** The checks of a phase move, as the API shows them (readiness, and a refused move's body). */
    static List<Map<String, Object>> checks(List<Check> checks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("title", c.title());
            m.put("ok", c.ok());
            m.put("evidence", c.evidence());
            m.put("overridable", c.overridable());
            out.add(m);
        }
        return out;
    }
}
