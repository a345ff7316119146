package dev.shift.agent.jobs;

import dev.shift.agent.backfill.Backfill;
import dev.shift.core.jobs.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A run while it goes: the progress the job reports (it is the job's {@link Backfill.Progress}), its counters,
 * and its outcome once set. {@link #snapshot()} gives the immutable {@link Jobs.Run} the admin port shows.
 */
final class LiveRun implements Backfill.Progress {
    final long id;
    final Jobs.Kind kind;
    final String startedBy;
    final Instant startedAt;
    final Map<String, Object> options;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final Runnable onProgress;
    private volatile long startDone;
    private volatile long startNanos = System.nanoTime();
    private volatile Supplier<Map<String, Long>> counts = Map::of;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile Jobs.State state = Jobs.State.RUNNING;
    private volatile Instant finishedAt;
    private volatile String diffFile;

    LiveRun(long id, Jobs.Kind kind, String startedBy, Instant startedAt, Map<String, Object> options, Runnable onProgress) {
        this.id = id;
        this.kind = kind;
        this.startedBy = startedBy;
        this.startedAt = startedAt;
        this.options = Map.copyOf(options);
        this.onProgress = onProgress;
    }

    @Override
    public void start(long totalRows, long alreadyDone) {
        startDone = alreadyDone;
        done.set(alreadyDone);
        total.set(totalRows);
        startNanos = System.nanoTime();
        onProgress.run();
    }

    @Override
    public void advance(long rows) {
        long d = done.addAndGet(rows);
        total.accumulateAndGet(d, Math::max);   // rows inserted live while it runs
        onProgress.run();
    }

    @Override
    public void finish() {
        onProgress.run();
    }

    void counts(Supplier<Map<String, Long>> source) {
        this.counts = source;
    }

    void error(String e) {
        errors.add(e);
    }

    void diffFile(String file) {
        this.diffFile = file;
    }

    /** Sets the outcome; the counts are frozen at their last values. */
    void end(Jobs.State outcome, Instant at) {
        Map<String, Long> last = counts.get();
        counts = () -> last;
        finishedAt = at;
        state = outcome;
    }

    boolean running() {
        return state == Jobs.State.RUNNING;
    }

    Jobs.Run snapshot() {
        long d = done.get();
        long t = total.get();
        Optional<Duration> eta = Optional.empty();
        double rate = 0;
        if (state == Jobs.State.RUNNING) {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            rate = secs > 0.5 ? (d - startDone) / secs : 0;
            if (rate > 0 && t > d) {
                eta = Optional.of(Duration.ofSeconds(Math.round((t - d) / rate)));
            }
        } else if (finishedAt != null) {
            double secs = Math.max(0.001, Duration.between(startedAt, finishedAt).toMillis() / 1000.0);
            rate = (d - startDone) / secs;
        }
        return new Jobs.Run(id, kind, state, startedBy, startedAt, Optional.ofNullable(finishedAt), options,
                new Jobs.Progress(d, t, rate, eta), counts.get(), List.copyOf(errors), Optional.ofNullable(diffFile));
    }
}
