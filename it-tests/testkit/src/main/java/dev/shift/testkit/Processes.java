package dev.shift.testkit;

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

    /** Closes {@code resource} when the JVM exits unless it was {@link #forget forgotten} (closed) before. */
    static void closeOnExit(AutoCloseable resource) {
        installHook();
        OPEN.add(resource);
    }

    static void forget(AutoCloseable resource) {
        OPEN.remove(resource);
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
