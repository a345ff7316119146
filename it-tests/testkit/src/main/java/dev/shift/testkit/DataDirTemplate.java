package dev.shift.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One initialised, never-started MariaDB data dir per machine (per MariaDB version and options), in the testkit's
 * cache. {@code mariadb-install-db} takes ~1 s; copying its result takes a few tens of ms, so every server but the
 * very first one on a machine starts in a fraction of a second.
 */
final class DataDirTemplate {
    /** Small InnoDB sizes: fast to create and start; the same at install and at every start. */
    static final List<String> SIZES = List.of("--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M");

    private static Path template;

    private DataDirTemplate() {}

    /**
     * mariadbd refuses to run as root unless told {@code --user=root}; as any other user the option is not allowed
     * (and not needed): the server then runs as that user, owning its private data dir.
     */
    static List<String> userOption() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    }

    /** The initialised data dir to copy; created once per machine and MariaDB version (~1 s), then reused. */
    static synchronized Path get() {
        if (template != null && Files.isDirectory(template.resolve("mysql"))) {
            return template;
        }
        List<String> options = Workdirs.list(
                "--no-defaults",
                "--auth-root-authentication-method=normal", // root@localhost/127.0.0.1/::1 with an empty password
                "--skip-test-db",
                "--skip-name-resolve",
                "--skip-log-bin");
        options.addAll(SIZES);
        options.addAll(userOption());
        Path installDb = Binaries.installDb();
        String key = Caches.hash(installDb.toString().getBytes(StandardCharsets.UTF_8),
                mariadbdVersion().getBytes(StandardCharsets.UTF_8),
                String.join(" ", options).getBytes(StandardCharsets.UTF_8));
        Path dir = Caches.get("mariadb-template", key, d -> install(installDb, options, d));
        if (!Files.isDirectory(dir.resolve("data").resolve("mysql"))) {
            // someone cleaned the cache by hand but left the marker: make it again
            Caches.invalidate(dir);
            dir = Caches.get("mariadb-template", key, d -> install(installDb, options, d));
        }
        template = dir.resolve("data");
        return template;
    }

    private static void install(Path installDb, List<String> options, Path dir) throws IOException {
        Path dataDir = dir.resolve("data");
        Workdirs.deleteRecursively(dataDir); // a half-made one from a killed run
        Path log = dir.resolve("install.log");
        List<String> command = Workdirs.list(installDb.toString(), options.get(0), "--datadir=" + dataDir);
        command.addAll(options.subList(1, options.size()));
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db did not finish within 120 s\n" + Workdirs.tail(log, 30));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db failed with code " + p.exitValue() + "\n"
                        + Workdirs.tail(log, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initialising a MariaDB data dir", e);
        }
        System.err.println("[shift-testkit] initialised the MariaDB data dir template " + dataDir + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    private static String version;

    /** {@code mariadbd --version}'s output, e.g. "/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for …". */
    static synchronized String mariadbdVersion() {
        if (version != null) {
            return version;
        }
        try {
            Process p = new ProcessBuilder(Binaries.mariadbd().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            version = out.trim();
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run mariadbd --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the MariaDB data dir template to " + to, e);
        }
    }
}
