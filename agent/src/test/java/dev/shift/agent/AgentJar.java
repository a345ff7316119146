package dev.shift.agent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** The packaged agent jar and child JVMs that run with it, for the *IT tests (which run after `package`). */
public final class AgentJar {

    /** JDK 25 on these machines; tests that need it are skipped where it is missing. */
    public static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private AgentJar() {
    }

    /** {@code ${project.build.directory}/shift-agent.jar}, as the pom passes it. */
    public static Path path() {
        String configured = System.getProperty("shift.agent.jar");
        // Only the pom's integration-test execution names the jar; elsewhere (a -Dtest=…IT run in the test phase,
        // an IDE) there may be no jar, or a stale one: skip rather than check the wrong thing.
        Assumptions.assumeTrue(configured != null,
                "the *IT tests need the packaged agent jar: run them with `mvn verify`");
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar.toAbsolutePath());
        }
        return jar;
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public static Optional<Path> jdk25() {
        return Files.isExecutable(JDK25_JAVA) ? Optional.of(JDK25_JAVA) : Optional.empty();
    }

    /**
     * What an application's class path holds: the test fixtures and the JDBC libraries, but none of Shift's own
     * classes or libraries (those must come from the agent jar only).
     */
    public static String applicationClasspath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean fixtures = entry.endsWith("test-classes") || entry.endsWith("test-classes" + File.separator);
            boolean jdbc = name.startsWith("mysql-connector-j-") || name.startsWith("mariadb-java-client-")
                    || name.startsWith("HikariCP-") || name.startsWith("slf4j-api-")
                    || name.startsWith("protobuf-java-");
            if (fixtures || jdbc) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** Runs {@code java <jvmArgs> -cp <application class path> <main> <args>} and waits for it. */
    public static Result run(Path java, List<String> jvmArgs, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(applicationClasspath());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return exec(command);
    }

    public static Result exec(List<String> command) {
        try {
            Path out = Files.createTempFile("shift-child", ".out");
            Path err = Files.createTempFile("shift-child", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("child JVM did not finish in 120 s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), command);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished child JVM. */
    public record Result(int exitCode, String stdout, String stderr, List<String> command) {

        /** The value of the {@code key=value} line the child printed, or null. */
        public String value(String key) {
            return stdout.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse(null);
        }

        public List<String> values(String key) {
            return stdout.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " of " + String.join(" ", command) + "\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
        }
    }
}
