package dev.shift.agent.backfill;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.mapping.ColumnMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backfill progress on disk, so a killed run resumes: per table a segment plan ({@code <table>.segments.json}:
 * the key ranges, fixed at the first run whatever {@code --threads} says later) and per segment the last key
 * whose chunk was completely written AND checked ({@code <table>.<i>-of-<n>.json}). Files are replaced
 * atomically (write to a temporary file, then rename), so a kill leaves either the old or the new checkpoint.
 * A chunk after the checkpoint may have been partly written when the run died: the rerun copies it again,
 * which is harmless (items are written only where absent, and then checked against MySQL).
 *
 * <p>A null directory keeps everything in memory (no resume).
 */
public final class Checkpoints {
    /** Where a segment stands. {@code after} null = from the start. */
    public record State(List<Object> after, long rows, boolean done) {
        static final State START = new State(null, 0, false);
    }

    private final Path dir;
    private final String fingerprint;
    private final Map<String, State> memory = new java.util.concurrent.ConcurrentHashMap<>();

    public Checkpoints(Path dir, String fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
            }
        }
    }

    /** The stored segment ranges of a table, or null when none are stored. */
    @SuppressWarnings("unchecked")
    public List<Segment> segments(String table) {
        if (dir == null) {
            return null;
        }
        Path f = dir.resolve(table + ".segments.json");
        if (!Files.exists(f)) {
            return null;
        }
        Map<String, Object> m = read(f);
        if (!fingerprint.equals(m.get("fingerprint"))) {
            throw new IllegalStateException("checkpoint directory " + dir + " belongs to another backfill ("
                    + m.get("fingerprint") + ", this one is " + fingerprint + "): use another --checkpoint-dir or --restart");
        }
        List<Segment> out = new ArrayList<>();
        List<Object> ranges = (List<Object>) m.get("segments");
        for (int i = 0; i < ranges.size(); i++) {
            List<Object> r = (List<Object>) ranges.get(i);
            out.add(new Segment(table, i, ranges.size(), toLong(r.get(0)), toLong(r.get(1))));
        }
        return out;
    }

    public void saveSegments(String table, List<Segment> segments) {
        if (dir == null) {
            return;
        }
        List<Object> ranges = new ArrayList<>();
        for (Segment s : segments) {
            ranges.add(java.util.Arrays.asList(s.lo(), s.hi()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", fingerprint);
        m.put("segments", ranges);
        write(dir.resolve(table + ".segments.json"), m);
    }

    @SuppressWarnings("unchecked")
    public State load(Segment s, SqlTable table) {
        if (dir == null) {
            return memory.getOrDefault(s.id(), State.START);
        }
        Path f = dir.resolve(s.id() + ".json");
        if (!Files.exists(f)) {
            return State.START;
        }
        Map<String, Object> m = read(f);
        List<Object> after = null;
        if (m.get("after") != null) {
            after = new ArrayList<>();
            List<Object> raw = (List<Object>) m.get("after");
            for (int i = 0; i < raw.size(); i++) {
                ColumnMapping c = table.mapping().column(table.primaryKey().get(i));
                after.add(SqlTable.normaliseKey(c.coerce(raw.get(i))));
            }
        }
        return new State(after, ((Number) m.getOrDefault("rows", 0)).longValue(), Boolean.TRUE.equals(m.get("done")));
    }

    public void save(Segment s, SqlTable table, State st) {
        if (dir == null) {
            memory.put(s.id(), st);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("segment", s.id());
        if (st.after() != null) {
            List<Object> after = new ArrayList<>();
            for (int i = 0; i < st.after().size(); i++) {
                Object v = st.after().get(i);
                after.add(v instanceof Number ? v : table.mapping().column(table.primaryKey().get(i)).render(v));
            }
            m.put("after", after);
        }
        m.put("rows", st.rows());
        m.put("done", st.done());
        write(dir.resolve(s.id() + ".json"), m);
    }

    private static Long toLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static Map<String, Object> read(Path f) {
        try {
            return JSON.std.mapFrom(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + f, e);
        }
    }

    private static void write(Path f, Map<String, Object> m) {
        try {
            JsonFiles.writeAtomically(f, m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + f, e);
        }
    }
}
