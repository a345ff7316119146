package dev.shift.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One initialised, never-started MariaDB data dir per JVM. {@code mariadb-install-db} takes ~1 s; copying its
 * result takes a few tens of ms, so the second and later servers of a JVM start in a fraction of the time.
 */
final class DataDirTemplate {
    /** Small InnoDB sizes: fast to create and start; the same at install and at every start. */
    static final List<String> SIZES = List.of("--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M");

    private static final String TEMPLATE_PREFIX = "mariadb-template-";
    private static Path template;

    private DataDirTemplate() {}

    static synchronized Path get() {
        if (template != null && Files.isDirectory(template.resolve("mysql"))) {
            return template;
        }
        removeTemplatesOfDeadJvms();
        Path dir = Workdirs.newDir(TEMPLATE_PREFIX + ProcessHandle.current().pid() + "-");
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("install.log");
        List<String> command = Workdirs.list(
                Binaries.installDb().toString(),
                "--no-defaults",
                "--datadir=" + dataDir,
                "--user=root",
                "--auth-root-authentication-method=normal", // root@localhost/127.0.0.1/::1 with an empty password
                "--skip-test-db",
                "--skip-name-resolve",
                "--skip-log-bin");
        command.addAll(SIZES);
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run mariadb-install-db", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initialising a MariaDB data dir", e);
        }
        template = dataDir;
        Processes.closeOnExit(new AutoCloseable() {
            @Override
            public void close() {
                Workdirs.deleteRecursively(dir);
            }

            @Override
            public String toString() {
                return "MariaDB data dir template " + dir;
            }
        });
        return template;
    }

    /** A JVM killed with SIGKILL cannot delete its template; the next JVM does, once that pid is gone. */
    private static void removeTemplatesOfDeadJvms() {
        try (var dirs = Files.list(Workdirs.base())) {
            dirs.filter(d -> d.getFileName().toString().startsWith(TEMPLATE_PREFIX)).forEach(d -> {
                String[] parts = d.getFileName().toString().substring(TEMPLATE_PREFIX.length()).split("-");
                try {
                    long pid = Long.parseLong(parts[0]);
                    if (parts.length > 1 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                } catch (NumberFormatException notOurNaming) {
                    // an old-style name: treat as stale
                }
                Workdirs.deleteRecursively(d);
            });
        } catch (IOException | UncheckedIOException e) {
            // only housekeeping
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
