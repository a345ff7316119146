package dev.shift.admin.http;

import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.shift.admin.http.Fixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up rules, threads, and what reaches the log. */
class ServerTest {

    @TempDir
    Path dir;

    @Test
    void nonLoopbackBindWithoutTokensRefusesToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AdminServer.builder()
                .control(MigrationControl.startingIn(Phase.MYSQL_ONLY)).store(new FileFlagStore(dir, "i"))
                .bind("0.0.0.0").port(0).build());
        assertTrue(e.getMessage().contains("not a loopback address and no tokens are configured"), e.getMessage());
        assertTrue(e.getMessage().contains("admin.tokens"), "says what to do");
    }

    @Test
    void nonLoopbackBindWithTokensNeedsTlsOrAnExplicitWaiver() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY))
                        .store(new FileFlagStore(dir, "i")).tokens(Map.of(ALICE, Operator.operator("alice")))
                        .bind("0.0.0.0").port(0).build());
        assertTrue(e.getMessage().contains("admin.tls.keystore") && e.getMessage().contains("admin.tls.insecure=true"),
                e.getMessage());
        try (AdminServer s = AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY))
                .store(new FileFlagStore(dir, "i")).tokens(Map.of(ALICE, Operator.operator("alice")))
                .bind("0.0.0.0").port(0).insecureWithoutTls().build().start()) {
            assertEquals(401, new Http(s.port()).get("/api/migration/status", null).status());
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            AdminServer s = AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY))
                    .store(new FileFlagStore(dir, "i")).port(taken.getLocalPort()).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, s::start);
            assertTrue(e.getMessage().contains("cannot open the Shift admin port on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            s.close();
            s.close(); // idempotent
        }
    }

    @Test
    void missingPartsAreReported() {
        assertThrows(IllegalStateException.class, () -> AdminServer.builder().store(new FileFlagStore(dir, "i")).build());
        assertThrows(IllegalStateException.class, () -> AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY)).build());
        assertThrows(IllegalArgumentException.class, () -> AdminServer.builder().port(70000));
    }

    @Test
    void adminThreadsAreDaemonsAndCloseFreesThePort() {
        int port;
        try (Fixture f = new Fixture(dir)) {
            port = f.server.port();
            assertEquals(200, f.http.get("/health", null).status());
            List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("shift-admin") || t.getName().startsWith("XNIO")).toList();
            assertFalse(ours.isEmpty());
            for (Thread t : ours) {
                assertTrue(t.isDaemon(), t.getName() + " must not keep the application alive");
            }
        }
        try (java.net.ServerSocket reuse = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(port, reuse.getLocalPort());
        } catch (java.io.IOException e) {
            throw new AssertionError("port still held after close", e);
        }
    }

    @Test
    void oneLogLinePerChangeWithWhenWhatWhoAndStateButNeverTheToken() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (Fixture f = new Fixture(dir)) {
            f.http.postJson("/api/migration/phase", ALICE, "{\"phase\": 2, \"reason\": \"line1\\nFORGED line\"}");
            f.http.postJson("/api/migration/phase", "wrong-token-xyz", "{\"phase\": 3}");
            new Browser(f.http).login(ALICE);
        } finally {
            root.removeHandler(capture);
        }
        List<String> changes = lines.stream().filter(l -> l.startsWith("dev.shift.core.audit") && l.contains("migration change at")).toList();
        assertEquals(1, changes.size(), String.join("\n", lines));
        String line = changes.get(0);
        assertTrue(line.matches(".*change at \\d{4}-\\d\\d-\\d\\dT.*Z: phase by alice: phase 1 \\(MySQL only\\) → phase 2 .*; now READ_MYSQL=on "
                + "READ_DDB=off WRITE_MYSQL=on WRITE_DDB=on \\(version 1\\); reason: \"line1 FORGED line\""), line);
        for (String l : lines) {
            assertFalse(l.contains(ALICE) || l.contains("wrong-token-xyz"), "token in log: " + l);
        }
    }

    @Test
    void statusAndPanelKeepWorkingWhenTheStoreCannotBeRead() {
        FileFlagStore file = new FileFlagStore(dir, "i");
        dev.shift.core.store.FlagStore flaky = new dev.shift.core.store.FlagStore() {
            public java.util.Optional<dev.shift.core.flags.MigrationState> load() { return file.load(); }
            public void save(long expected, dev.shift.core.flags.MigrationState next) { file.save(expected, next); }
            public void append(dev.shift.core.audit.AuditEntry e) { file.append(e); }
            public dev.shift.core.audit.AuditPage audit(int limit, int offset) { throw new IllegalStateException("store down"); }
            public List<dev.shift.core.store.InstanceStatus> instances(MigrationControl c) { throw new IllegalStateException("store down"); }
            public String instanceId() { return "i"; }
            public String describe() { return "flaky store"; }
            public void close() { }
        };
        try (AdminServer s = AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY)).store(flaky).port(0).build().start()) {
            Http http = new Http(s.port());
            Http.Response status = http.get("/api/migration/status", null);
            assertEquals(200, status.status(), status.body());
            assertEquals(1, ((List<?>) status.json().get("instances")).size());
            Http.Response audit = http.get("/api/migration/audit", null);
            assertEquals(503, audit.status(), audit.body());
            assertEquals("store_unavailable", audit.json().get("error"));
            Http.Response panel = http.get("/", null);
            assertEquals(200, panel.status());
            assertTrue(panel.body().contains("cannot be read right now"), "says the trail is unreachable");
        }
    }
}
