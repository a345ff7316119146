package dev.shift.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test JVM killed with SIGKILL (no shutdown hooks) must not leave mariadbd or node running. */
class NoOrphansTest {

    @Test
    void serversDieWithAKilledJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String[] pids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PIDS "));
            assertTrue(line != null, "the probe JVM did not start its servers");
            pids = line.split(" ");
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        Optional<ProcessHandle> mariadbd = ProcessHandle.of(Long.parseLong(pids[1]));
        Optional<ProcessHandle> node = ProcessHandle.of(Long.parseLong(pids[2]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (alive(mariadbd) || alive(node) || Files.exists(Path.of(pids[3])))) {
            Thread.sleep(100);
        }
        assertFalse(alive(mariadbd), "mariadbd outlived its killed JVM");
        assertFalse(alive(node), "node outlived its killed JVM");
        assertEquals(false, Files.exists(Path.of(pids[3])), "MariaDB work dir left behind");
    }

    private static boolean alive(Optional<ProcessHandle> p) {
        return p.map(ProcessHandle::isAlive).orElse(false);
    }
}
