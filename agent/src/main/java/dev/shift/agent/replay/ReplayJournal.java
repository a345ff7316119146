package dev.shift.agent.replay;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.route.DivergenceLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of MySQL-committed changes that DynamoDB has not taken yet: an append-only file of
 * JSON lines ({@code add} entries and {@code done} markers), forced to disk before the application's
 * request returns, so a crash of the application loses none of them. Entries are replayed in the order
 * they were recorded; when none is pending the file is truncated.
 */
public final class ReplayJournal implements DivergenceLog, AutoCloseable {

    /** One recorded change: the statements of one autocommitted statement or one transaction. */
    public record Entry(long id, Instant recordedAt, String cause, List<RecordedStatement> statements) {
    }

    public static final String FILE_NAME = "shift-replay.jsonl";

    private final Path file;
    private final FileChannel channel;
    private final Deque<Entry> pending = new ArrayDeque<>();
    private long nextId = 1;

    private ReplayJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (or creates) the journal in {@code dir} and loads the entries still pending. */
    public static ReplayJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Map<Long, Entry> open = new LinkedHashMap<>();
        long maxId = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> m;
                try {
                    m = JSON.std.mapFrom(line);
                } catch (IOException e) {
                    // A line cut short by a crash while it was written: its request never returned.
                    continue;
                }
                long id = ((Number) m.get("id")).longValue();
                maxId = Math.max(maxId, id);
                if ("done".equals(m.get("op"))) {
                    open.remove(id);
                } else {
                    open.put(id, decode(m));
                }
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        ReplayJournal journal = new ReplayJournal(file, channel);
        journal.pending.addAll(open.values());
        journal.nextId = maxId + 1;
        return journal;
    }

    @Override
    public synchronized void record(List<RecordedStatement> statements, Exception cause) {
        Entry e = new Entry(nextId++, Instant.now(), String.valueOf(cause.getMessage()), List.copyOf(statements));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("op", "add");
        line.put("id", e.id());
        line.put("at", e.recordedAt().toString());
        line.put("cause", e.cause());
        List<Object> list = new ArrayList<>();
        for (RecordedStatement s : e.statements()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("sql", s.sql());
            List<Object> params = new ArrayList<>();
            for (Object p : s.params()) {
                params.add(ParamCodec.encode(p));
            }
            st.put("params", params);
            if (s.generatedId() != null) {
                st.put("generatedId", s.generatedId());
            }
            list.add(st);
        }
        line.put("statements", list);
        write(line);
        pending.addLast(e);
    }

    /** The oldest entry not yet replayed. */
    public synchronized Optional<Entry> oldest() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /** The entry landed in DynamoDB: it is never replayed again. */
    public synchronized void done(long id) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("op", "done");
        line.put("id", id);
        write(line);
        pending.removeIf(e -> e.id() == id);
        if (pending.isEmpty()) {
            truncate();
        }
    }

    @Override
    public synchronized long pending() {
        return pending.size();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private void write(Map<String, Object> line) {
        try {
            byte[] bytes = (JSON.std.asString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            var buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Shift cannot write its replay journal " + file, e);
        }
    }

    private void truncate() {
        try {
            channel.truncate(0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Shift cannot truncate its replay journal " + file, e);
        }
    }

    private static Entry decode(Map<String, Object> m) {
        List<RecordedStatement> statements = new ArrayList<>();
        for (Object o : (List<?>) m.get("statements")) {
            Map<?, ?> st = (Map<?, ?>) o;
            List<Object> params = new ArrayList<>();
            for (Object p : (List<?>) st.get("params")) {
                params.add(ParamCodec.decode((Map<?, ?>) p));
            }
            Object gen = st.get("generatedId");
            statements.add(new RecordedStatement((String) st.get("sql"), params,
                    gen == null ? null : ((Number) gen).longValue()));
        }
        return new Entry(((Number) m.get("id")).longValue(), Instant.parse((String) m.get("at")),
                (String) m.get("cause"), statements);
    }
}
