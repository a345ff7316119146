package dev.shift.core.migration;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.flags.Flags;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.store.FlagStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checks a move between phases must pass, evaluated by the instance that takes the switch, at that moment,
 * from evidence read afresh (the audit trail in the flag store, the outbox, the jobs, the shadow reads):
 * <ul>
 *   <li>to 2 (DynamoDB written): nothing;</li>
 *   <li>to 3 (DynamoDB read in the shadow): a backfill that started after DynamoDB writes last came on has ended
 *       complete;</li>
 *   <li>to 4 (DynamoDB answers reads): that, a verify with 0 differences that started after DynamoDB writes came on
 *       and after the last event that may have left DynamoDB unequal, an empty backlog, shadow reads that compared
 *       every statement shape at least K times without a mismatch, no read DynamoDB could not answer;</li>
 *   <li>to 5 (MySQL no longer written): the backfill, verify and backlog checks again, no write Shift cannot
 *       translate, no backfill running;</li>
 *   <li>turning MySQL writes or reads back on (5→4, 4→3 and any skip down): the reverse sync has copied every write
 *       made while MySQL was not written, and MySQL's AUTO_INCREMENT is above every id Shift handed out.</li>
 * </ul>
 * A skip passes only if every step it crosses passes. Checks about the quality of evidence may be overridden with a
 * reason; checks whose failure loses or hides data may not.
 */
public final class TransitionGates {

    /** How many audit entries are read back looking for evidence (newest first). */
    static final int TRAIL_DEPTH = 5_000;

    private final FlagStore store;
    private final Backlog backlog;
    private final ReverseBacklog reverse;
    private final Jobs jobs;
    private final Supplier<ValidationReport> validation;
    private final Supplier<StatementShapes> shapes;
    private final int minCompared;
    private volatile Object[] previewEvidence;   // {flags, nanoTime, Evidence}

    public TransitionGates(FlagStore store, Backlog backlog, ReverseBacklog reverse, Jobs jobs,
            Supplier<ValidationReport> validation, Supplier<StatementShapes> shapes, int minCompared) {
        this.store = store;
        this.backlog = backlog;
        this.reverse = reverse;
        this.jobs = jobs;
        this.validation = validation;
        this.shapes = shapes;
        this.minCompared = minCompared;
    }

    /** Every check of the move {@code from} → {@code to}, passed or not (empty when nothing is required), read afresh. */
    public List<Check> checks(Flags from, Flags to) {
        return checks(from, to, evidence(from));
    }

    /**
     * As {@link #checks}, for showing (the readiness API, the panel's live refresh): the audit trail read at most
     * once a second. A move itself always reads it afresh.
     */
    public List<Check> preview(Flags from, Flags to) {
        long now = System.nanoTime();
        Object[] cached = previewEvidence;
        Evidence evidence;
        if (cached != null && cached[0].equals(from) && now - (long) cached[1] < 1_000_000_000L) {
            evidence = (Evidence) cached[2];
        } else {
            evidence = evidence(from);
            previewEvidence = new Object[] {from, now, evidence};
        }
        return checks(from, to, evidence);
    }

    /** New evidence or a new phase: the next preview reads the trail again. */
    public void evidenceChanged() {
        previewEvidence = null;
    }

    private List<Check> checks(Flags from, Flags to, Evidence evidence) {
        int a = from.phaseNumber();
        int b = to.phaseNumber();
        List<Check> out = new ArrayList<>();
        if (a <= 0 || b <= 0 || a == b) {
            return out;
        }
        if (b < a && (!from.writeMysql() || !from.readMysql() && to.readMysql())) {
            out.add(reverseSynced(evidence));
        }
        for (int step = a + 1; step <= b; step++) {
            if (step >= 3) {
                out.add(backfilled(from, evidence));
            }
            if (step >= 4) {
                out.add(verified(evidence));
                out.add(backlogEmpty());
            }
            if (step == 4) {
                out.add(shadowCoverage());
                out.add(readsTranslatable());
            }
            if (step == 5) {
                out.add(writesTranslatable());
                out.add(noBackfillRunning());
            }
        }
        return distinct(out);
    }

    /** The failing checks that may not be overridden, plus those failing and not in {@code overrides}. */
    public static List<Check> blocking(List<Check> checks, List<String> overrides) {
        return checks.stream().filter(c -> !c.ok() && (!c.overridable() || !overrides.contains(c.id()))).toList();
    }

    // ------------------------------------------------------------------------------------------------ checks

    private Check backfilled(Flags from, Evidence e) {
        String id = "backfill";
        String title = "a backfill that started after DynamoDB writes came on has ended complete";
        if (!from.writeDdb()) {
            return Check.fail(id, title, "DynamoDB is not written yet: move to phase 2 first, then run a backfill", false);
        }
        Instant since = e.dynamoWrittenSince().orElse(Instant.EPOCH);
        Optional<Evidence.Run> run = e.backfill();
        if (run.isPresent() && !run.get().startedAt().isBefore(since)) {
            return Check.pass(id, title, "backfill " + run.get().startedAt() + " → " + run.get().finishedAt() + " by "
                    + run.get().by() + " (DynamoDB written since " + since(e) + ")", false);
        }
        return Check.fail(id, title, (run.isPresent() ? "the last complete backfill started at " + run.get().startedAt()
                + ", before DynamoDB writes came on at " + since(e) : "no complete backfill since DynamoDB writes came on"
                + (e.dynamoWrittenSince().isPresent() ? " at " + since(e) : "")) + "; start one from the panel, "
                + "POST /api/migration/jobs/backfill, or `shift-agent.jar backfill --admin-url …`", false);
    }

    private Check verified(Evidence e) {
        String id = "verify";
        String title = "a verify with 0 differences started after DynamoDB writes came on and after the last voiding event";
        Instant after = e.verifyMustStartAfter();
        Optional<Evidence.Run> run = e.verify();
        String voided = e.voided().map(v -> "; evidence voided at " + v.at() + " (" + v.summary() + ")").orElse("");
        if (run.isEmpty()) {
            return Check.fail(id, title, "no verify has ended" + voided + "; run one (panel, API or CLI)", false);
        }
        Evidence.Run v = run.get();
        if (v.startedAt().isBefore(after)) {
            return Check.fail(id, title, "the last verify started at " + v.startedAt() + ", before " + after + voided
                    + "; run a new one", false);
        }
        if (!v.complete() || v.differences() != 0) {
            return Check.fail(id, title, "the last verify (" + v.startedAt() + ") " + (v.complete() ? "found "
                    + v.differences() + " difference(s)" : "did not finish") + "; repair, then verify again", false);
        }
        return Check.pass(id, title, "verify " + v.startedAt() + " → " + v.finishedAt() + ": 0 differences" + voided, false);
    }

    private Check backlogEmpty() {
        String id = "backlog";
        String title = "every change MySQL committed is in DynamoDB (the outbox backlog is empty)";
        try {
            Backlog.Summary s = backlog.current();
            return s.pending() == 0 ? Check.pass(id, title, "backlog 0", false)
                    : Check.fail(id, title, s.pending() + " change(s) waiting (oldest " + s.oldestAge()
                            .map(a -> a.toSeconds() + " s").orElse("?") + "); wait for it to drain, or retry/discard", false);
        } catch (BacklogException e) {
            return Check.fail(id, title, "the outbox cannot be read now (" + e.getMessage() + "); try again", false);
        }
    }

    private Check reverseSynced(Evidence e) {
        String id = "reverse-sync";
        String title = "every write made while MySQL was not written is in MySQL, and MySQL's next ids are above Shift's";
        String since = e.mysqlWrittenUntil().map(t -> "MySQL not written since " + t + "; ").orElse("");
        try {
            ReverseBacklog.Summary r = reverse.current();
            if (r.caughtUp()) {
                return Check.pass(id, title, since + "reverse backlog 0, AUTO_INCREMENT above every id Shift handed out", false);
            }
            List<String> behind = new ArrayList<>();
            if (r.pending() > 0) {
                behind.add(r.pending() + " write(s) not yet in MySQL (oldest " + r.oldestAge().map(a -> a.toSeconds()
                        + " s").orElse("?") + ")" + r.lastError().map(err -> ", last copy failed: " + err).orElse(""));
            }
            behind.addAll(r.idsBehind());
            return Check.fail(id, title, since + String.join("; ", behind) + "; the reverse sync works on it: wait, "
                    + "or fix what it reports", false);
        } catch (BacklogException ex) {
            return Check.fail(id, title, "the reverse backlog cannot be read now (" + ex.getMessage() + "); try again", false);
        }
    }

    private Check shadowCoverage() {
        String id = "shadow-coverage";
        String title = "shadow reads compared every read shape at least " + minCompared + " time(s) with 0 mismatches";
        ValidationReport r = validation.get();
        if (!r.enabled() && r.compared() == 0) {
            return Check.fail(id, title, "no read was compared: stay in phase 3 while the application reads", true);
        }
        List<String> weak = new ArrayList<>();
        for (Map.Entry<String, ValidationReport.Counts> s : r.byStatement().entrySet()) {
            ValidationReport.Counts c = s.getValue();
            if (c.mismatches() > 0 || c.compared() < minCompared) {
                weak.add(abbreviate(s.getKey()) + " (compared " + c.compared() + ", mismatches " + c.mismatches() + ")");
            }
        }
        if (r.byStatement().isEmpty()) {
            return Check.fail(id, title, "no read was compared yet", true);
        }
        return weak.isEmpty() ? Check.pass(id, title, r.byStatement().size() + " shape(s), " + r.compared()
                + " comparisons, 0 mismatches", true) : Check.fail(id, title, String.join("; ", weak), true);
    }

    private Check readsTranslatable() {
        List<String> reads = shapes.get().untranslatedReads();
        String title = "no read seen that DynamoDB could not answer (it would fail once MySQL is not read)";
        return reads.isEmpty() ? Check.pass("reads-translatable", title, "none seen", true)
                : Check.fail("reads-translatable", title, list(reads), true);
    }

    private Check writesTranslatable() {
        StatementShapes s = shapes.get();
        String title = "no write seen that Shift cannot translate (it would fail once MySQL is not written)";
        return s.untranslatedWrites().isEmpty() ? Check.pass("writes-translatable", title, "none seen", true)
                : Check.fail("writes-translatable", title, list(s.untranslatedWrites()), true);
    }

    private Check noBackfillRunning() {
        String title = "no backfill is running (it would copy MySQL rows over DynamoDB-only writes)";
        return jobs.backfill().filter(Jobs.Run::running).isPresent()
                ? Check.fail("no-backfill-running", title, "a backfill is running: wait for it to end or stop it", false)
                : Check.pass("no-backfill-running", title, "none running", false);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Evidence evidence(Flags now) {
        List<AuditEntry> trail = new ArrayList<>();
        for (int offset = 0; offset < TRAIL_DEPTH; offset += 500) {
            List<AuditEntry> page = store.audit(500, offset).entries();
            trail.addAll(page);
            if (page.size() < 500) {
                break;
            }
        }
        return Evidence.from(trail, now.writeDdb(), now.writeMysql());
    }

    private static String since(Evidence e) {
        return e.dynamoWrittenSince().map(Instant::toString).orElse("the start of the audit trail");
    }

    private static List<Check> distinct(List<Check> checks) {
        List<Check> out = new ArrayList<>();
        for (Check c : checks) {
            if (out.stream().noneMatch(o -> o.id().equals(c.id()))) {
                out.add(c);
            }
        }
        return out;
    }

    private static String list(List<String> statements) {
        List<String> shown = statements.stream().limit(5).map(TransitionGates::abbreviate).toList();
        return statements.size() + " statement(s): " + String.join("; ", shown) + (statements.size() > 5 ? "; …" : "");
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 120 ? s.substring(0, 117) + "…" : s;
    }
}
