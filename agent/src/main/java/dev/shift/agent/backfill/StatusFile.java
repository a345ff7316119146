package dev.shift.agent.backfill;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code status.json} in the checkpoint directory: the run's progress as JSON (state, rows done / total, rate,
 * ETA, counters, updated_at), rewritten at most once a second and at the end, for the admin status API/panel
 * or any monitoring to read. Written atomically (temporary file, then rename).
 */
final class StatusFile {
    private final Path file;
    private final long total;
    private final long startDone;
    private final Stats stats;
    private final AtomicLong done;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private volatile long lastWrite;

    StatusFile(Path dir, long total, long alreadyDone, Stats stats) {
        this.file = dir == null ? null : dir.resolve("status.json");
        this.total = total;
        this.startDone = alreadyDone;
        this.done = new AtomicLong(alreadyDone);
        this.stats = stats;
    }

    void advance(long rows) {
        done.addAndGet(rows);
        if (System.nanoTime() - lastWrite > 1_000_000_000L) {
            write("running", false);
        }
    }

    synchronized void write(String state, boolean force) {
        if (file == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastWrite < 1_000_000_000L && lastWrite != 0) {
            return;
        }
        lastWrite = now;
        double secs = Math.max(0.001, (now - startNanos) / 1e9);
        long d = done.get();
        double rate = (d - startDone) / secs;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "backfill");
        m.put("state", state);
        m.put("started_at", started.toString());
        m.put("updated_at", Instant.now().toString());
        m.put("rows_total", total);
        m.put("rows_done", d);
        m.put("rows_per_second", Math.round(rate));
        m.put("eta_seconds", rate > 0 && total > d ? Math.round((total - d) / rate) : null);
        m.put("rows_read", stats.rowsRead.sum());
        m.put("items_written", stats.written.sum());
        m.put("held_for_live_changes", stats.held.sum());
        m.put("lock_retries", stats.lockRetries.sum());
        m.put("recopied", stats.recopied.sum());
        m.put("deleted", stats.deleted.sum());
        m.put("retried", stats.retried.sum());
        m.put("failed", stats.failed.sum());
        try {
            JsonFiles.writeAtomically(file, m);
        } catch (IOException e) {
            // progress reporting must never stop the copy
        }
    }
}
