package dev.shift.testkit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tiny {@code sh} process that stops a server if the JVM that started it dies without running its shutdown hooks
 * (kill -9, a surefire fork killed on timeout, an IDE's stop button). Shutdown hooks cover every other exit; this
 * covers the one they cannot. It exits by itself as soon as the server is gone.
 */
final class Watchdog {
    private static final String SCRIPT = String.join("\n",
            "jvm=$1; server=$2; dir=$3",
            "while kill -0 \"$jvm\" 2>/dev/null; do",
            "  kill -0 \"$server\" 2>/dev/null || exit 0",
            "  sleep 1",
            "done",
            "kill -CONT \"$server\" 2>/dev/null", // it may have been paused (SIGSTOP) by a test
            "kill -TERM \"$server\" 2>/dev/null",
            "i=0; while kill -0 \"$server\" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.5; i=$((i+1)); done",
            "kill -KILL \"$server\" 2>/dev/null",
            "[ -n \"$dir\" ] && rm -rf \"$dir\"",
            "exit 0");

    private Watchdog() {}

    /** Watches {@code server}; deletes {@code dirToDelete} (may be null) after stopping it. Null if sh is missing. */
    static Process watch(Process server, Path dirToDelete) {
        try {
            return new ProcessBuilder("/bin/sh", "-c", SCRIPT, "shift-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(server.pid()),
                    dirToDelete == null ? "" : dirToDelete.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("[shift-testkit] no watchdog for pid " + server.pid() + " (" + e.getMessage()
                    + "): it will outlive this JVM if the JVM is killed with SIGKILL");
            return null;
        }
    }
}
