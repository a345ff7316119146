package dev.shift.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** File, port and process helpers shared by the servers. */
final class Workdirs {
    private Workdirs() {}

    /**
     * Where servers keep their data dirs and logs: {@code shift.testkit.dir} if set, else {@code ./target/shift-testkit}
     * when run from a Maven module (surefire's working dir is the module), else {@code java.io.tmpdir/shift-testkit}.
     */
    static Path base() {
        String configured = Config.get("shift.testkit.dir", "SHIFT_TESTKIT_DIR");
        Path base;
        if (configured != null) {
            base = Path.of(configured);
        } else if (Files.isDirectory(Path.of("target"))) {
            base = Path.of("target", "shift-testkit");
        } else {
            base = Path.of(System.getProperty("java.io.tmpdir"), "shift-testkit");
        }
        try {
            return Files.createDirectories(base.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the testkit work dir " + base, e);
        }
    }

    static Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(base(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work dir under " + base(), e);
        }
    }

    /** A port that was free a moment ago on 127.0.0.1 (callers retry if a race takes it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void deleteIfExists(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
            // a server removed its socket/pid file while we walked: fine
        }
    }

    /** The last {@code lines} lines of a log, for error messages; never throws. */
    static String tail(Path file, int lines) {
        try {
            if (file == null || !Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last lines of " + file + " ---\n" + String.join("\n", last);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static List<String> list(String... items) {
        List<String> out = new ArrayList<>();
        Collections.addAll(out, items);
        return out;
    }
}
