package dev.shift.core.store;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileFlagStoreTest {

    @TempDir
    Path dir;

    @Test
    void emptyDirectoryHasNoState() {
        FileFlagStore store = new FileFlagStore(dir.resolve("new/sub"), "i1");
        assertTrue(store.load().isEmpty());
        assertEquals(0, store.audit(10, 0).total());
    }

    @Test
    void saveIsVersionChecked() {
        FileFlagStore store = new FileFlagStore(dir, "i1");
        MigrationState v1 = state(Phase.DUAL_WRITE, 1);
        store.save(0, v1);
        VersionConflictException e = assertThrows(VersionConflictException.class, () -> store.save(0, state(Phase.DUAL_READ, 1)));
        assertEquals(v1, e.current().orElseThrow());
        assertTrue(e.getMessage().contains("version 1 by bob"), e.getMessage());
        assertEquals(v1, new FileFlagStore(dir, "i1").load().orElseThrow());
    }

    @Test
    void aTornLastAuditLineIsSkippedAndTheNextEntryStartsOnItsOwnLine() throws Exception {
        FileFlagStore store = new FileFlagStore(dir, "i1");
        store.append(entry(1));
        Files.writeString(dir.resolve(FileFlagStore.AUDIT_FILE), "{\"version\":2,\"at\":", StandardOpenOption.APPEND);

        FileFlagStore reopened = new FileFlagStore(dir, "i1");
        assertEquals(1, reopened.audit(10, 0).total());
        reopened.append(entry(3));
        assertEquals(List.of(3L, 1L), new FileFlagStore(dir, "i1").audit(10, 0).entries().stream().map(AuditEntry::version).toList());
    }

    @Test
    void operatorActionEntriesKeepTheirDetailAcrossARestart() {
        FileFlagStore store = new FileFlagStore(dir, "i1");
        store.append(entry(1));
        store.append(new AuditEntry(1, Instant.now(), "alice", Action.BACKLOG_DISCARD, Phase.DUAL_WRITE.flags(),
                Phase.DUAL_WRITE.flags(), "after repair", "i1", "discarded backlog entry 4 (orders id=2)"));

        List<AuditEntry> read = new FileFlagStore(dir, "i1").audit(10, 0).entries();
        assertEquals(Action.BACKLOG_DISCARD, read.get(0).action());
        assertEquals("discarded backlog entry 4 (orders id=2)", read.get(0).summary());
        assertEquals("after repair", read.get(0).reason());
        assertEquals("", read.get(1).detail());
    }

    @Test
    void anUnreadableStateFileIsAnErrorNotAGuess() throws Exception {
        Files.writeString(dir.resolve(FileFlagStore.STATE_FILE), "{not json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileFlagStore(dir, "i1"));
        assertTrue(e.getMessage().contains("unreadable"), e.getMessage());
    }

    static MigrationState state(Phase p, long version) {
        return new MigrationState(p.flags(), version, Instant.parse("2026-01-01T00:00:00Z"), "bob");
    }

    static AuditEntry entry(long version) {
        return new AuditEntry(version, Instant.now(), "bob", Action.PHASE, Phase.MYSQL_ONLY.flags(), Phase.DUAL_WRITE.flags(), "", "i1");
    }
}
