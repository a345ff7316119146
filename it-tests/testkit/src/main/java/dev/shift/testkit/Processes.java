package dev.shift.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Stopping child processes, and one JVM shutdown hook that closes whatever tests left running. */
final class Processes {
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private Processes() {}

    /** SIGTERM, wait up to {@code grace}, then SIGKILL (and its children); true if it stopped on SIGTERM. */
    static boolean stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Sends SIGSTOP or SIGCONT (Java has no API for them): a stopped server keeps its connections open but answers
     * nothing, which is how a hung or overloaded server looks to a client, unlike a stopped one that refuses.
     */
    static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out.trim());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * SIGSTOP, then waits until every thread of the process is stopped: {@code kill} returns once the signal is sent,
     * and on a busy machine a thread of the server may still answer a request for a moment after that.
     */
    static void freeze(ProcessHandle process) {
        signal(process, "STOP");
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.isDirectory(tasks) && !allStopped(tasks)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("process " + process.pid() + " did not stop within 10 s of SIGSTOP");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** True when every thread in {@code /proc/<pid>/task} is stopped (or gone). */
    private static boolean allStopped(Path tasks) {
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat = Files.readString(t.resolve("stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);   // the field after "(comm)"
                if (state != 'T' && state != 't' && state != 'Z' && state != 'X') {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;   // a thread ended while being read: look again
        }
    }

    /** Closes {@code resource} when the JVM exits unless it was {@link #forget forgotten} (closed) before. */
    static void closeOnExit(AutoCloseable resource) {
        installHook();
        OPEN.add(resource);
    }

    static void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    /** What is open now (servers started and not closed). */
    static java.util.List<AutoCloseable> open() {
        return java.util.List.of(OPEN.toArray(new AutoCloseable[0]));
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : OPEN.toArray(new AutoCloseable[0])) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("[shift-testkit] could not close " + resource + " at exit: " + e);
                }
            }
        }, "shift-testkit-shutdown"));
        hookInstalled = true;
    }
}
