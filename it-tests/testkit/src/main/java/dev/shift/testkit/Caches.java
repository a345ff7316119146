package dev.shift.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Machine-wide caches that outlive a JVM (the installed dynalite, the initialised MariaDB data dir), each in a dir
 * named after the hash of what produced it, filled once under a file lock so parallel JVMs do not race.
 *
 * <p>Root: {@code shift.testkit.cache} / env {@code SHIFT_TESTKIT_CACHE}, else {@code ~/.cache/shift}, else
 * {@code java.io.tmpdir/shift-cache} when the home dir is not writable.
 */
final class Caches {
    private static final String READY = ".shift-ready";
    private static final Duration UNUSED_FOR = Duration.ofDays(7);

    interface Filler {
        void fill(Path dir) throws IOException;
    }

    private Caches() {}

    /** {@code root/kind/key}, filled by {@code filler} unless a previous fill completed. */
    static Path get(String kind, String key, Filler filler) {
        Path dir = root().resolve(kind).resolve(key);
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(READY))) {
                touch(dir);
                return dir;
            }
            try (FileChannel channel = FileChannel.open(dir.resolveSibling(key + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(dir.resolve(READY))) {
                    filler.fill(dir);
                    Files.writeString(dir.resolve(READY), "complete\n");
                    pruneUnused(dir.getParent(), key);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cache dir " + dir, e);
        }
    }

    /** Makes the next {@link #get} fill {@code dir} again. */
    static void invalidate(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(READY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the cache dir " + dir, e);
        }
    }

    /** The marker's mtime says when an entry was last used. */
    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir.resolve(READY), FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // only used for pruning
        }
    }

    /**
     * Each change of the launcher or of MariaDB makes a new entry; drop the ones nobody used for a week (another
     * checkout still using one just fills it again).
     */
    private static void pruneUnused(Path kindDir, String keep) {
        Instant cutoff = Instant.now().minus(UNUSED_FOR);
        try (var entries = Files.list(kindDir)) {
            entries.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().equals(keep))
                    .filter(d -> {
                        try {
                            Path marker = d.resolve(READY);
                            return Files.exists(marker) && Files.getLastModifiedTime(marker).toInstant().isBefore(cutoff);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(d -> {
                        try {
                            Workdirs.deleteRecursively(d);
                            Files.deleteIfExists(kindDir.resolve(d.getFileName() + ".lock"));
                        } catch (IOException | UncheckedIOException e) {
                            // best effort
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    static String hash(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(Integer.toString(part.length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        String configured = Config.get("shift.testkit.cache", "SHIFT_TESTKIT_CACHE");
        if (configured != null) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home"));
        if (Files.isWritable(home)) {
            return home.resolve(".cache").resolve("shift");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "shift-cache");
    }
}
