package dev.shift.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.control.ChangeRefusedException;
import dev.shift.core.control.ControlPlane;
import dev.shift.core.control.TransitionRefusedException;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.store.FileFlagStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every gate refuses with the exact failing checks, then lets the move through once the evidence exists. */
class TransitionGatesTest {

    @TempDir
    Path dir;

    private long backlog;
    private long reversePending;
    private List<String> idsBehind = List.of();
    private boolean backfillRunning;
    private ValidationReport validation = ValidationReport.disabled();
    private StatementShapes shapes = StatementShapes.NONE;
    private MigrationControl control;
    private ControlPlane plane;

    @BeforeEach
    void setUp() {
        control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        FileFlagStore store = new FileFlagStore(dir, "i");
        Backlog outbox = new Backlog() {
            public Summary summary() {
                return new Summary(backlog, backlog == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(9)));
            }
            public List<Entry> list(int limit) { return List.of(); }
            public boolean retry(long id) { return false; }
            public boolean discard(long id) { return false; }
        };
        ReverseBacklog reverse = new ReverseBacklog() {
            public Summary summary() {
                return new Summary(reversePending, reversePending == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(4)),
                        idsBehind, Optional.empty());
            }
            public Summary current() { return summary(); }
        };
        Jobs jobs = new Jobs() {
            public Optional<Run> backfill() {
                return backfillRunning ? Optional.of(new Run(1, Kind.BACKFILL, State.RUNNING, "ann", Instant.now(),
                        Optional.empty(), Map.of(), Progress.NONE, Map.of(), List.of(), Optional.empty())) : Optional.empty();
            }
            public Optional<Run> verify() { return Optional.empty(); }
            public Run startBackfill(BackfillOptions o, String op) { throw new UnsupportedOperationException(); }
            public Run startVerify(VerifyOptions o, String op) { throw new UnsupportedOperationException(); }
        };
        plane = new ControlPlane(control, store, Clock.systemUTC()).guardedBy(outbox)
                .gatedBy(new TransitionGates(store, outbox, reverse, jobs, () -> validation, () -> shapes, 2));
    }

    @Test
    void skipsAreCheckedStepByStep() {
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertEquals(List.of("backfill", "verify", "shadow-coverage"), failing(e));
        assertTrue(e.getMessage().contains("DynamoDB is not written yet"), e.getMessage());
        assertEquals(1, control.flags().phaseNumber(), "nothing changed");
        plane.phase(2, "ann", "");   // writing DynamoDB needs nothing
        assertEquals(2, control.flags().phaseNumber());
    }

    @Test
    void shadowReadsNeedABackfillThatStartedAfterDynamoDbWritesCameOn() throws Exception {
        Instant beforeDualWrite = Instant.now().minusSeconds(60);
        ran(Action.BACKFILL_DONE, beforeDualWrite, 0);
        plane.phase(2, "ann", "");
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.phase(3, "ann", ""));
        assertEquals(List.of("backfill"), failing(e));
        assertTrue(e.getMessage().contains("before DynamoDB writes came on"), e.getMessage());

        ran(Action.BACKFILL_DONE, later(), 0);
        plane.phase(3, "ann", "");
        assertEquals(3, control.flags().phaseNumber());
    }

    @Test
    void dynamoDbReadsNeedAFreshVerifyAnEmptyBacklogAndShadowEvidence() throws Exception {
        toPhase3();
        backlog = 3;
        shapes = new StatementShapes(List.of("SELECT * FROM t WHERE a LIKE ?"), List.of(), Map.of());
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertEquals(List.of("verify", "backlog", "shadow-coverage", "reads-translatable"), failing(e));

        ran(Action.VERIFY_DONE, later(), 2);
        e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertTrue(e.getMessage().contains("found 2 difference(s)"), e.getMessage());

        ran(Action.VERIFY_DONE, later(), 0);
        backlog = 0;
        validation = report(Map.of("SELECT … WHERE user_id = ?", new ValidationReport.Counts(5, 0, 0),
                "SELECT … WHERE id = ?", new ValidationReport.Counts(1, 0, 0)));
        e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertEquals(List.of("shadow-coverage", "reads-translatable"), failing(e));
        assertTrue(e.getMessage().contains("SELECT … WHERE id = ? (compared 1, mismatches 0)"), e.getMessage());

        ChangeRefusedException noReason = assertThrows(ChangeRefusedException.class,
                () -> plane.phase(4, "ann", "", List.of("shadow-coverage", "reads-translatable")));
        assertTrue(noReason.getMessage().contains("needs a reason"), noReason.getMessage());
        assertThrows(ChangeRefusedException.class, () -> plane.phase(4, "ann", "why", List.of("verify")),
                "a check whose failure hides data may not be overridden");

        plane.phase(4, "ann", "LIKE is served by MySQL until the mapping covers it",
                List.of("shadow-coverage", "reads-translatable"));
        assertEquals(4, control.flags().phaseNumber());
        AuditEntry last = plane.store().audit(1, 0).entries().get(0);
        assertEquals(Optional.of("shadow-coverage,reads-translatable"), last.fact("overridden"));
        assertTrue(last.summary().contains("overridden checks: shadow-coverage, reads-translatable"), last.summary());
    }

    @Test
    void anEventThatMayLeaveDynamoDbUnequalVoidsEarlierVerifies() throws Exception {
        toPhase3();
        ran(Action.VERIFY_DONE, later(), 0);
        validation = report(Map.of("SELECT … WHERE user_id = ?", new ValidationReport.Counts(5, 0, 0)));
        Thread.sleep(5);
        plane.record(Action.EVIDENCE_VOIDED, "shift", "", "a write on shopping_carts DynamoDB may lack", Map.of());
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertEquals(List.of("verify"), failing(e));
        assertTrue(e.getMessage().contains("evidence voided at"), e.getMessage());
        ran(Action.VERIFY_DONE, later(), 0);
        plane.phase(4, "ann", "");
        assertEquals(4, control.flags().phaseNumber());
    }

    @Test
    void stoppingMysqlWritesNeedsNoRunningBackfillAndOnlyTranslatedWrites() throws Exception {
        toPhase3();
        ran(Action.VERIFY_DONE, later(), 0);
        validation = report(Map.of("SELECT … WHERE user_id = ?", new ValidationReport.Counts(5, 0, 0)));
        plane.phase(4, "ann", "");
        backfillRunning = true;
        shapes = new StatementShapes(List.of(), List.of("UPDATE orders SET status = ? WHERE status = ?"), Map.of());
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.phase(5, "ann", ""));
        assertEquals(List.of("writes-translatable", "no-backfill-running"), failing(e));
        backfillRunning = false;
        shapes = StatementShapes.NONE;
        plane.phase(5, "ann", "");
        assertEquals(5, control.flags().phaseNumber());
    }

    @Test
    void leavingPhase5WaitsForTheReverseSyncAndMysqlsIdsAndCannotBeOverridden() throws Exception {
        stoppingMysqlWritesNeedsNoRunningBackfillAndOnlyTranslatedWrites();
        reversePending = 3;
        idsBehind = List.of("orders.id: MySQL's next id 58 is not above 66, the highest Shift handed out");
        TransitionRefusedException e = assertThrows(TransitionRefusedException.class, () -> plane.rollback("ann", ""));
        assertEquals(List.of("reverse-sync"), failing(e));
        String evidence = e.checks().get(0).evidence();
        assertTrue(evidence.contains("3 write(s) not yet in MySQL (oldest 4 s)"), evidence);
        assertTrue(evidence.contains("orders.id: MySQL's next id 58"), evidence);
        assertThrows(ChangeRefusedException.class, () -> plane.phase(1, "ann", "emergency", List.of("reverse-sync")));
        reversePending = 0;
        e = assertThrows(TransitionRefusedException.class, () -> plane.phase(4, "ann", ""));
        assertEquals(List.of("reverse-sync"), failing(e));
        assertEquals(5, control.flags().phaseNumber());

        idsBehind = List.of();
        plane.phase(4, "ann", "reverse sync caught up");
        assertEquals(4, control.flags().phaseNumber());
        reversePending = 1;   // an instance that had not seen the switch yet wrote DynamoDB alone
        e = assertThrows(TransitionRefusedException.class, () -> plane.phase(3, "ann", ""));
        assertEquals(List.of("reverse-sync"), failing(e));
        reversePending = 0;
        plane.phase(3, "ann", "");
        assertEquals(3, control.flags().phaseNumber());
    }

    @Test
    void movesBackWhileMysqlIsWrittenNeedNothing() throws Exception {
        toPhase3();
        plane.phase(1, "ann", "");
        assertEquals(1, control.flags().phaseNumber());
        assertTrue(plane.checks(Phase.DUAL_WRITE.flags()).isEmpty());
        assertFalse(plane.checks(Phase.DUAL_READ.flags()).get(0).ok());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void toPhase3() throws Exception {
        plane.phase(2, "ann", "");
        ran(Action.BACKFILL_DONE, later(), 0);
        plane.phase(3, "ann", "");
    }

    /** A run that started a moment from now (after everything so far) and ended complete. */
    private static Instant later() throws InterruptedException {
        Thread.sleep(5);
        return Instant.now();
    }

    private void ran(Action action, Instant startedAt, long differences) {
        plane.record(action, "cli", "", action.wireName(), Map.of("startedAt", startedAt.toString(),
                "finishedAt", startedAt.plusMillis(1).toString(), "complete", "true",
                "differences", Long.toString(differences)));
    }

    private static ValidationReport report(Map<String, ValidationReport.Counts> byStatement) {
        long compared = byStatement.values().stream().mapToLong(ValidationReport.Counts::compared).sum();
        return new ValidationReport(true, 100, compared, compared, 0, 0, 0, null, Map.of(), Map.of(), byStatement, List.of());
    }

    private static List<String> failing(TransitionRefusedException e) {
        return e.checks().stream().filter(c -> !c.ok()).map(Check::id).collect(Collectors.toList());
    }
}
