package dev.shift.admin.http;

import dev.shift.admin.audit.AuditEntry;
import dev.shift.admin.audit.AuditJson;
import dev.shift.admin.audit.AuditPage;
import dev.shift.admin.control.ChangeResult;
import dev.shift.admin.flags.MigrationState;
import dev.shift.admin.flags.Phase;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.admin.metrics.Store;
import dev.shift.admin.metrics.ValidationReport;
import dev.shift.admin.store.InstanceStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API, as maps in a fixed field order (documented in the module README). */
final class Views {

    private Views() {
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
        m.put("pendingReplays", pendingReplays(metrics));
        return m;
    }

    /** The replay source belongs to the agent; a failing one must not take the status page down. */
    static long pendingReplays(ShiftMetrics metrics) {
        try {
            return metrics.pendingReplays();
        } catch (RuntimeException e) {
            return -1;
        }
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
}
