package dev.shift.admin.http;

import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A restart of the application comes back in the phase it left, with its audit trail. */
class RestartTest {

    @Test
    void stateAndAuditSurviveARestart(@TempDir Path dir) throws Exception {
        try (Fixture first = new Fixture(dir)) {
            first.http.postJson("/api/migration/phase", ALICE, "{\"phase\": 2}");
            first.http.postJson("/api/migration/phase", ALICE, "{\"phase\": 4, \"reason\": \"reads from DynamoDB\"}");
        }
        try (Stream files = new Stream(dir)) {
            assertEquals(List.of(FileFlagStore.AUDIT_FILE, FileFlagStore.STATE_FILE), files.names(), "no temp files left");
        }

        try (Fixture second = new Fixture(dir)) {
            assertEquals(Phase.DYNAMODB_READ.flags(), second.control.flags(), "in force before any request");
            Map<String, Object> status = second.http.get("/api/migration/status", ALICE).json();
            assertEquals(4, status.get("phase"));
            assertEquals(2, status.get("version"));
            assertEquals("alice", status.get("changedBy"));
            Map<String, Object> audit = second.http.get("/api/migration/audit", ALICE).json();
            assertEquals(2, audit.get("total"));
            assertEquals("reads from DynamoDB", ((Map<?, ?>) ((List<?>) audit.get("entries")).get(0)).get("reason"));

            // and it goes on from there
            assertEquals(200, second.http.postJson("/api/migration/rollback", ALICE, "").status());
            assertEquals(3, second.control.state().version());
        }
        String log = Files.readString(dir.resolve(FileFlagStore.AUDIT_FILE));
        assertEquals(3, log.lines().count());
        assertTrue(!log.contains(ALICE), "tokens never reach the audit trail");
    }

    /** Lists a directory's file names, sorted. */
    private record Stream(Path dir) implements AutoCloseable {
        List<String> names() throws java.io.IOException {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }

        @Override
        public void close() {
        }
    }
}
