package dev.shift.core.control;

import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import dev.shift.core.store.VersionConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPlaneTest {

    @TempDir
    Path dir;

    @Test
    void rollbackWalksBackToPhaseOneAndStops() {
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        ControlPlane plane = new ControlPlane(control, new FileFlagStore(dir, "i"), Clock.systemUTC());
        plane.phase(5, "ann", "");
        for (int expected = 4; expected >= 1; expected--) {
            plane.rollback("ann", "");
            assertEquals(expected, control.flags().phaseNumber());
        }
        ChangeRefusedException e = assertThrows(ChangeRefusedException.class, () -> plane.rollback("ann", ""));
        assertTrue(e.getMessage().contains("no earlier phase"), e.getMessage());
        assertEquals(5, plane.store().audit(50, 0).total());
    }

    @Test
    void mysqlWritesCannotBeSwitchedOffWhileTheBacklogHoldsChanges() {
        long[] waiting = {2};
        Backlog backlog = new Backlog() {
            public Summary summary() {
                return new Summary(waiting[0], waiting[0] == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(42)));
            }
            public List<Entry> list(int limit) { return List.of(); }
            public boolean retry(long id) { return false; }
            public boolean discard(long id) { return false; }
        };
        MigrationControl control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        ControlPlane plane = new ControlPlane(control, new FileFlagStore(dir, "i"), Clock.systemUTC()).guardedBy(backlog);

        plane.phase(4, "ann", "");   // MySQL still written: allowed
        ChangeRefusedException e = assertThrows(ChangeRefusedException.class, () -> plane.phase(5, "ann", ""));
        assertTrue(e.getMessage().contains("2 change(s)") && e.getMessage().contains("42 s"), e.getMessage());
        assertEquals(4, control.flags().phaseNumber(), "nothing changed");

        waiting[0] = 0;
        plane.phase(5, "ann", "");
        assertEquals(5, control.flags().phaseNumber());
    }

    @Test
    void mysqlWritesStayOnWhileTheBacklogCannotBeRead() {
        boolean[] readable = {false};
        Backlog backlog = new Backlog() {
            public Summary summary() {
                return new Summary(0, Optional.empty());   // stale figures that look harmless
            }
            public Summary current() throws BacklogException {
                if (!readable[0]) {
                    throw new BacklogException("MySQL refused the connection", null);
                }
                return summary();
            }
            public List<Entry> list(int limit) { return List.of(); }
            public boolean retry(long id) { return false; }
            public boolean discard(long id) { return false; }
        };
        MigrationControl control = MigrationControl.startingIn(Phase.DYNAMODB_READ);
        ControlPlane plane = new ControlPlane(control, new FileFlagStore(dir, "i"), Clock.systemUTC()).guardedBy(backlog);

        ChangeRefusedException e = assertThrows(ChangeRefusedException.class, () -> plane.phase(5, "ann", ""));
        assertTrue(e.getMessage().contains("cannot tell") && e.getMessage().contains("MySQL refused the connection"),
                e.getMessage());
        assertEquals(4, control.flags().phaseNumber(), "nothing changed");
        assertEquals(0, plane.store().audit(10, 0).total(), "a refusal is not a change in the trail");

        plane.phase(3, "ann", "");   // MySQL stays written: no need to read the backlog
        readable[0] = true;
        plane.phase(5, "ann", "");
        assertEquals(5, control.flags().phaseNumber());
    }

    @Test
    void aChangeBasedOnAStaleVersionIsAConflictAndTheWinnerIsAdopted() {
        FileFlagStore store = new FileFlagStore(dir, "i");
        MigrationState winner = new MigrationState(Phase.DUAL_READ.flags(), 1, Instant.now(), "bob");
        store.save(0, winner); // as if another writer got there first
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        ControlPlane plane = new ControlPlane(control, store, Clock.systemUTC());

        VersionConflictException e = assertThrows(VersionConflictException.class, () -> plane.phase(2, "ann", ""));

        assertTrue(e.getMessage().contains("by bob"), e.getMessage());
        assertEquals(winner, control.state(), "runs the winner at once");
        assertEquals(0, store.audit(10, 0).total(), "the loser is not audited");
    }

    @Test
    void aStoreThatCannotWriteBlocksTheChange() throws Exception {
        FileFlagStore store = new FileFlagStore(dir, "i");
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        ControlPlane plane = new ControlPlane(control, store, Clock.systemUTC());
        java.nio.file.Files.createDirectories(dir.resolve("shift-state.json")); // a directory where the file must go

        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> plane.phase(2, "ann", ""));

        assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
        assertEquals(0, control.state().version());
        assertEquals(0, store.audit(10, 0).total());
    }
}
