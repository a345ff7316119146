package dev.shift.agent.jobs;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.backfill.JsonFiles;
import dev.shift.core.jobs.Jobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run as one JSON file ({@code <state dir>/jobs/backfill.json}, {@code verify.json}, {@code verify-result.json}),
 * replaced atomically, so the panel still shows the last runs (and the readiness verdict) after a restart. A run
 * found {@code running} belonged to a JVM that stopped: it is read back as {@link Jobs.State#INTERRUPTED}.
 */
final class RunFile {
    private static final Logger LOG = Logger.getLogger(RunFile.class.getName());

    private RunFile() {
    }

    static void write(Path file, Jobs.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().wireName());
        m.put("state", r.state().wireName());
        m.put("started_by", r.startedBy());
        m.put("started_at", r.startedAt().toString());
        m.put("finished_at", r.finishedAt().map(Instant::toString).orElse(null));
        m.put("options", r.options());
        m.put("done", r.progress().done());
        m.put("total", r.progress().total());
        m.put("rate", r.progress().ratePerSecond());
        m.put("counts", r.counts());
        m.put("errors", r.errors());
        m.put("diff_file", r.diffFile().orElse(null));
        try {
            Files.createDirectories(file.getParent());
            JsonFiles.writeAtomically(file, m);
        } catch (IOException e) {
            // showing a run after a restart is a convenience; it must never stop the run
            LOG.log(Level.WARNING, "cannot write " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<Jobs.Run> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(Files.readString(file));
            Jobs.State state = Jobs.State.valueOf(((String) m.get("state")).toUpperCase(Locale.ROOT));
            if (state == Jobs.State.RUNNING) {
                state = Jobs.State.INTERRUPTED;
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            ((Map<String, Object>) m.get("counts")).forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
            List<String> errors = new ArrayList<>((List<String>) m.get("errors"));
            if (state == Jobs.State.INTERRUPTED && errors.isEmpty()) {
                errors.add("the application stopped while this run was going; start it again to resume");
            }
            Object finished = m.get("finished_at");
            return Optional.of(new Jobs.Run(((Number) m.get("id")).longValue(),
                    Jobs.Kind.valueOf(((String) m.get("kind")).toUpperCase(Locale.ROOT)), state, (String) m.get("started_by"),
                    Instant.parse((String) m.get("started_at")),
                    Optional.ofNullable(finished == null ? null : Instant.parse((String) finished)),
                    (Map<String, Object>) m.get("options"),
                    new Jobs.Progress(((Number) m.get("done")).longValue(), ((Number) m.get("total")).longValue(),
                            ((Number) m.get("rate")).doubleValue(), Optional.<Duration>empty()),
                    counts, errors, Optional.ofNullable((String) m.get("diff_file"))));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring unreadable " + file + ": " + e);
            return Optional.empty();
        }
    }
}
