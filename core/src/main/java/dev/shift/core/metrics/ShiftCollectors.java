package dev.shift.core.metrics;

import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.jobs.Jobs;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Exposes {@link ShiftMetrics} and the flag state through Prometheus callback metrics: values are
 * read at scrape time, so the agent's hot path stays a LongAdder increment. A private registry
 * (not the default one) keeps Shift's metrics out of the application's own.
 *
 * <p>Names: {@code shift_store_reads_total{store}}, {@code shift_store_writes_total{store}},
 * {@code shift_store_errors_total{store}}, {@code shift_store_read_duration_seconds{store}} and
 * {@code shift_store_write_duration_seconds{store}} (summaries: count and sum of timed calls),
 * {@code shift_untranslated_statements_total}, {@code shift_pending_replays}, {@code shift_phase}
 * (0 = custom), {@code shift_flag{flag}} (1 = on), {@code shift_flags_version}; the shadow reads of phase 3:
 * {@code shift_validation_compared_total}, {@code shift_validation_matched_total},
 * {@code shift_validation_mismatches_total}, {@code shift_validation_skipped_total},
 * {@code shift_validation_errors_total}; the changes waiting for DynamoDB: {@code shift_backlog_pending},
 * {@code shift_backlog_oldest_age_seconds} (0 when none waits; {@code shift_pending_replays} is the same count,
 * kept for existing dashboards); the jobs: {@code shift_backfill_running}, {@code shift_backfill_rows_done},
 * {@code shift_backfill_rows_total}, {@code shift_verify_running}, {@code shift_verify_differences} and
 * {@code shift_verify_last_run_timestamp_seconds} (of the last verify that finished comparing; absent before one).
 */
public final class ShiftCollectors {

    private ShiftCollectors() {
    }

    public static PrometheusRegistry newRegistry(ShiftMetrics m, Supplier<MigrationState> state) {
        return newRegistry(m, state, ValidationReport::disabled);
    }

    public static PrometheusRegistry newRegistry(ShiftMetrics m, Supplier<MigrationState> state,
                                                 Supplier<ValidationReport> validation) {
        return newRegistry(m, state, validation, Jobs.NONE, Backlog.EMPTY, ReverseBacklog.NONE, m::pendingReplays);
    }

    /**
     * @param pendingReplays what {@code shift_pending_replays} shows (the backlog's count when the agent has one)
     */
    public static PrometheusRegistry newRegistry(ShiftMetrics m, Supplier<MigrationState> state,
                                                 Supplier<ValidationReport> validation, Jobs jobs, Backlog backlog,
                                                 ReverseBacklog reverse, LongSupplier pendingReplays) {
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("shift_reverse_backlog_pending")
                .help("Writes made while MySQL was not written (phase 5) that MySQL does not have yet")
                .callback(cb -> reverseSummary(reverse).ifPresent(s -> cb.call(s.pending()))).register(registry);
        GaugeWithCallback.builder().name("shift_reverse_backlog_oldest_age").unit(Unit.SECONDS)
                .help("Age of the oldest write waiting to be copied into MySQL (0 when none waits)")
                .callback(cb -> reverseSummary(reverse).ifPresent(s -> cb.call(
                        s.oldestAge().map(d -> d.toMillis() / 1000.0).orElse(0.0)))).register(registry);
        GaugeWithCallback.builder().name("shift_backlog_pending")
                .help("Changes MySQL committed that DynamoDB has not taken yet (the agent's backlog)")
                .callback(cb -> summary(backlog).ifPresent(s -> cb.call(s.pending()))).register(registry);
        GaugeWithCallback.builder().name("shift_backlog_oldest_age").unit(Unit.SECONDS)
                .help("Age of the oldest change waiting for DynamoDB (0 when none waits)")
                .callback(cb -> summary(backlog).ifPresent(s -> cb.call(
                        s.oldestAge().map(d -> d.toMillis() / 1000.0).orElse(0.0)))).register(registry);
        GaugeWithCallback.builder().name("shift_backfill_running").help("1 while a backfill started from the admin port runs")
                .callback(cb -> cb.call(jobs.backfill().filter(Jobs.Run::running).isPresent() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("shift_backfill_rows_done").help("Rows the current (or last) backfill run has copied")
                .callback(cb -> jobs.backfill().ifPresent(r -> cb.call(r.progress().done()))).register(registry);
        GaugeWithCallback.builder().name("shift_backfill_rows_total").help("Rows the current (or last) backfill run has to copy")
                .callback(cb -> jobs.backfill().ifPresent(r -> cb.call(r.progress().total()))).register(registry);
        GaugeWithCallback.builder().name("shift_verify_running").help("1 while a verify started from the admin port runs")
                .callback(cb -> cb.call(jobs.verify().filter(Jobs.Run::running).isPresent() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("shift_verify_differences")
                .help("Differences between MySQL and DynamoDB found by the last finished verify (0 = the stores agree)")
                .callback(cb -> lastVerify(jobs).flatMap(Jobs.Run::differences).ifPresent(cb::call)).register(registry);
        GaugeWithCallback.builder().name("shift_verify_last_run_timestamp").unit(Unit.SECONDS)
                .help("When the last finished verify ended (Unix time)")
                .callback(cb -> lastVerify(jobs).flatMap(Jobs.Run::finishedAt)
                        .ifPresent(t -> cb.call(t.toEpochMilli() / 1000.0))).register(registry);
        validationCounter(registry, "shift_validation_compared", "Shadow reads compared (phase 3)", validation,
                ValidationReport::compared);
        validationCounter(registry, "shift_validation_matched", "Shadow reads whose DynamoDB answer equalled MySQL's",
                validation, ValidationReport::matched);
        validationCounter(registry, "shift_validation_mismatches", "Shadow reads whose DynamoDB answer differed from MySQL's",
                validation, ValidationReport::mismatches);
        validationCounter(registry, "shift_validation_skipped", "Eligible reads not compared (transaction, JOIN, executor full)",
                validation, ValidationReport::skipped);
        validationCounter(registry, "shift_validation_errors", "Shadow reads DynamoDB failed to answer", validation,
                ValidationReport::errors);
        perStore(registry, "shift_store_reads", "Statements answered by each store", m::reads);
        perStore(registry, "shift_store_writes", "Writes sent to each store", m::writes);
        perStore(registry, "shift_store_errors", "Errors from each store", m::errors);
        duration(registry, "shift_store_read_duration", "Time spent in timed reads, per store", m::timedReads, m::readNanos);
        duration(registry, "shift_store_write_duration", "Time spent in timed writes, per store", m::timedWrites, m::writeNanos);
        CounterWithCallback.builder().name("shift_untranslated_statements")
                .help("Statements on migrated tables that Shift could not translate and sent to MySQL")
                .callback(cb -> cb.call(m.untranslated())).register(registry);
        CounterWithCallback.builder().name("shift_unmirrored_writes")
                .help("Writes on migrated tables MySQL took that DynamoDB may lack (neither translated nor followed)")
                .callback(cb -> cb.call(m.unmirrored())).register(registry);
        GaugeWithCallback.builder().name("shift_pending_replays")
                .help("DynamoDB writes recorded for replay and not yet replayed")
                .callback(cb -> {
                    try {
                        long n = pendingReplays.getAsLong();
                        if (n >= 0) {
                            cb.call(n);
                        }
                    } catch (RuntimeException e) {
                        // The agent's replay source failed: leave the sample out rather than fail the scrape.
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("shift_phase").help("Migration phase in force (1..5; 0 = custom combination)")
                .callback(cb -> cb.call(state.get().flags().phaseNumber())).register(registry);
        GaugeWithCallback.builder().name("shift_flag").help("Routing flags in force (1 = on)").labelNames("flag")
                .callback(cb -> {
                    MigrationState s = state.get();
                    for (Flag f : Flag.values()) {
                        cb.call(f.in(s.flags()) ? 1 : 0, f.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("shift_flags_version").help("Version of the flag state this instance runs")
                .callback(cb -> cb.call(state.get().version())).register(registry);
        return registry;
    }

    /** The agent's backlog failed: leave the samples out rather than fail the scrape. */
    private static Optional<Backlog.Summary> summary(Backlog backlog) {
        try {
            return Optional.of(backlog.summary());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ReverseBacklog.Summary> reverseSummary(ReverseBacklog reverse) {
        try {
            return Optional.of(reverse.summary());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The verify run whose result counts: the last one that finished comparing (not a running one). */
    private static Optional<Jobs.Run> lastVerify(Jobs jobs) {
        try {
            return jobs.lastVerifyResult();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void validationCounter(PrometheusRegistry r, String name, String help,
                                          Supplier<ValidationReport> validation, ToLongFunction<ValidationReport> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    try {
                        cb.call(value.applyAsLong(validation.get()));
                    } catch (RuntimeException e) {
                        // The agent's report failed: leave the sample out rather than fail the scrape.
                    }
                }).register(r);
    }

    private static void perStore(PrometheusRegistry r, String name, String help, ToLongFunction<Store> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("store")
                .callback(cb -> {
                    for (Store s : Store.values()) {
                        cb.call(value.applyAsLong(s), label(s));
                    }
                }).register(r);
    }

    private static void duration(PrometheusRegistry r, String name, String help, ToLongFunction<Store> count,
                                 ToLongFunction<Store> nanos) {
        SummaryWithCallback.builder().name(name).unit(Unit.SECONDS).help(help).labelNames("store")
                .callback(cb -> {
                    for (Store s : Store.values()) {
                        cb.call(count.applyAsLong(s), nanos.applyAsLong(s) / 1e9, Quantiles.EMPTY, label(s));
                    }
                }).register(r);
    }

    private static String label(Store s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
