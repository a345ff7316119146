package dev.shift.admin.http;

import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.control.ControlPlane;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.migration.StatementReport;
import dev.shift.core.store.FlagStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import dev.shift.core.store.InstanceStatus;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the handlers share; built once by {@link AdminServer}. */
record AdminContext(ControlPlane plane, ShiftMetrics metrics, Tokens tokens, FailedLogins failedLogins, Sessions sessions,
                    Supplier<ValidationReport> validation, PrometheusRegistry registry, int bodyLimit,
                    Jobs jobs, Backlog backlog, boolean backlogSet, ReverseBacklog reverse,
                    Supplier<StatementReport> statements) {

    private static final Logger LOG = Logger.getLogger(AdminContext.class.getName());

    /**
     * Changes waiting for DynamoDB: the backlog's pending count when one is set, else the metrics' replay
     * source; -1 when the source failed (the status page stays up).
     */
    static long pendingReplays(ShiftMetrics metrics, Backlog backlog, boolean backlogSet) {
        try {
            return backlogSet ? backlog.summary().pending() : metrics.pendingReplays();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot count the backlog", e);
            return -1;
        }
    }

    long pendingReplays() {
        return pendingReplays(metrics, backlog, backlogSet);
    }

    /** The backlog's summary; empty when the agent's backlog cannot answer right now. */
    java.util.Optional<Backlog.Summary> backlogSummary() {
        try {
            return java.util.Optional.of(backlog.summary());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the backlog", e);
            return java.util.Optional.empty();
        }
    }

    /** The reverse sync's summary; empty when it cannot answer right now. */
    java.util.Optional<ReverseBacklog.Summary> reverseSummary() {
        try {
            return java.util.Optional.of(reverse.summary());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the reverse backlog", e);
            return java.util.Optional.empty();
        }
    }

    MigrationControl control() {
        return plane.control();
    }

    FlagStore store() {
        return plane.store();
    }

    /**
     * The fleet as the store sees it; when the store cannot answer, just this instance, so that status
     * and the panel keep showing the phase while the store is down.
     */
    List<InstanceStatus> instances() {
        try {
            return store().instances(control());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot list instances", e);
            return List.of(new InstanceStatus(store().instanceId(), control().state().version(), Instant.now(), true, false));
        }
    }
}
