package dev.shift.admin.http;

import dev.shift.admin.control.ControlPlane;
import dev.shift.admin.flags.MigrationControl;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.admin.metrics.ValidationReport;
import dev.shift.admin.store.FlagStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import dev.shift.admin.store.InstanceStatus;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the handlers share; built once by {@link AdminServer}. */
record AdminContext(ControlPlane plane, ShiftMetrics metrics, Tokens tokens, Sessions sessions,
                    Supplier<ValidationReport> validation, PrometheusRegistry registry, int bodyLimit) {

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
            Logger.getLogger(AdminContext.class.getName()).log(Level.FINE, "cannot list instances", e);
            return List.of(new InstanceStatus(store().instanceId(), control().state().version(), Instant.now(), true, false));
        }
    }
}
