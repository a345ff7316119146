package dev.shift.admin.http;

import dev.shift.admin.control.ControlPlane;
import dev.shift.admin.flags.MigrationControl;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.admin.metrics.ValidationReport;
import dev.shift.admin.store.FlagStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.Supplier;

/** What the handlers share; built once by {@link AdminServer}. */
record AdminContext(ControlPlane plane, ShiftMetrics metrics, Tokens tokens, Sessions sessions,
                    Supplier<ValidationReport> validation, PrometheusRegistry registry, int bodyLimit) {

    MigrationControl control() {
        return plane.control();
    }

    FlagStore store() {
        return plane.store();
    }
}
