package dev.shift.core.store;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.audit.AuditPage;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The single-instance default: {@code shift-state.json} (replaced atomically: temp file, fsync,
 * rename) and {@code shift-audit.log} (JSON lines, fsync per entry) in one directory. A restart comes
 * back in the phase it left.
 *
 * <p>One JVM per directory: two processes sharing it would not see each other's changes (use the
 * DynamoDB store for fleets).
 */
public final class FileFlagStore implements FlagStore {

    public static final String STATE_FILE = "shift-state.json";
    public static final String AUDIT_FILE = "shift-audit.log";

    private static final Logger LOG = Logger.getLogger(FileFlagStore.class.getName());

    private final Path dir;
    private final Path stateFile;
    private final Path auditFile;
    private final String instanceId;
    /** Newest first; the trail is small (one entry per operator action) so it lives in memory too. */
    private final List<AuditEntry> entries;
    private long storedVersion;

    /**
     * Opens (and creates) the directory and reads what is there.
     *
     * @throws UncheckedIOException when the directory cannot be created or the state file is unreadable
     */
    public FileFlagStore(Path dir, String instanceId) {
        this.dir = dir.toAbsolutePath();
        this.stateFile = this.dir.resolve(STATE_FILE);
        this.auditFile = this.dir.resolve(AUDIT_FILE);
        this.instanceId = instanceId;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Shift state directory " + this.dir + ": " + e.getMessage(), e);
        }
        this.storedVersion = load().map(MigrationState::version).orElse(0L);
        this.entries = readAudit();
    }

    @Override
    public Optional<MigrationState> load() {
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StateJson.read(Files.readString(stateFile)));
        } catch (IOException | RuntimeException e) {
            // Never guess a phase: a wrong guess could send writes to a store that is not authoritative.
            throw new IllegalStateException("the Shift state file " + stateFile + " is unreadable (" + e.getMessage()
                    + "); fix or remove it (removing it starts in the default phase)", e);
        }
    }

    @Override
    public synchronized void save(long expectedVersion, MigrationState next) {
        if (expectedVersion != storedVersion) {
            throw new VersionConflictException(expectedVersion, load());
        }
        try {
            Path tmp = Files.createTempFile(dir, STATE_FILE, ".tmp");
            try {
                write(tmp, StateJson.write(next), StandardOpenOption.TRUNCATE_EXISTING);
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
            fsyncDirectory();
            storedVersion = next.version();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        try {
            write(auditFile, AuditJson.toLine(entry) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + auditFile + ": " + e.getMessage(), e);
        }
        entries.add(0, entry);
    }

    @Override
    public synchronized AuditPage audit(int limit, int offset) {
        return AuditPage.of(List.copyOf(entries), limit, offset);
    }

    @Override
    public List<InstanceStatus> instances(MigrationControl control) {
        return List.of(new InstanceStatus(instanceId, control.state().version(), Instant.now(), true, false));
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String describe() {
        return "file " + stateFile;
    }

    @Override
    public void close() {
        // Every write is already durable; nothing is held open.
    }

    private static void write(Path file, String text, StandardOpenOption... options) throws IOException {
        List<StandardOpenOption> opts = new ArrayList<>(List.of(options));
        opts.add(StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(file, opts.toArray(StandardOpenOption[]::new))) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private void move(Path tmp) throws IOException {
        try {
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, so best effort. */
    private void fsyncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }

    private List<AuditEntry> readAudit() {
        List<AuditEntry> read = new ArrayList<>();
        if (!Files.exists(auditFile)) {
            return read;
        }
        try {
            String text = Files.readString(auditFile, StandardCharsets.UTF_8);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                // Terminate a torn last line so the next entry starts on a line of its own.
                write(auditFile, "\n", StandardOpenOption.APPEND);
            }
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    read.add(AuditJson.fromLine(line));
                } catch (IllegalArgumentException e) {
                    // A crash mid-append leaves a torn last line; skipping it loses nothing that was acknowledged.
                    LOG.warning("skipping unreadable line " + (i + 1) + " of " + auditFile + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + auditFile + ": " + e.getMessage(), e);
        }
        Collections.reverse(read);
        return read;
    }
}
