package dev.shift.agent.cli;

import dev.shift.core.backlog.ReverseBacklog;
import java.util.List;

import dev.shift.admin.http.AdminServer;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shift-agent.jar status} against a real admin port. */
class StatusCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsThePhaseFlagsAndCountersOfARunningShift(@TempDir Path state) throws Exception {
        MigrationControl control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        ReverseBacklog behind = new ReverseBacklog() {
            public Summary summary() {
                return new Summary(3, java.util.Optional.of(java.time.Duration.ofSeconds(2)), List.of(),
                        java.util.Optional.of("Data too long for column 'status' at row 1"));
            }
            public Summary current() { return summary(); }
        };
        try (AdminServer server = AdminServer.builder().control(control).store(new FileFlagStore(state, "test-1"))
                .reverseBacklog(behind).port(0).build().start()) {
            assertEquals(0, run("status", "--admin-url", server.url()), err());
            assertTrue(out().contains("phase 2 — Dual write, MySQL read"), out());
            assertTrue(out().contains("WRITE_DDB=on") && out().contains("READ_DDB=off"), out());
            assertTrue(out().contains("backlog (changes DynamoDB lacks) 0"), out());
            assertTrue(out().contains("reverse sync (phase-5 writes MySQL lacks) 3  NOT caught up  last copy failed: "
                    + "Data too long"), out());

            out.reset();
            assertEquals(0, run("status", "--admin-url", server.url(), "--json"), err());
            assertEquals(2, ((Number) com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(out()).get("phase")).intValue(), out());
        }
    }

    @Test
    void anUnreachableAdminPortIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();   // free now, so nothing listens there
        }
        assertEquals(3, run("status", "--admin-url", "http://127.0.0.1:" + port));
        assertTrue(err().contains("cannot reach Shift's admin port at http://127.0.0.1:" + port), err());
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertEquals(2, run("status", "--admin-url", "ftp://example"));
        assertTrue(err().contains("--admin-url must be an http(s) URL"), err());
    }

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
