package dev.shift.agent.jobs;

import dev.shift.agent.backfill.Backfill;
import dev.shift.agent.backfill.Differ;
import dev.shift.agent.backfill.Stats;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.core.jobs.JobConflictException;
import dev.shift.core.jobs.Jobs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Backfill and verify started from the admin port, run inside the application's JVM with Shift's own MySQL
 * connections ({@link MysqlConnector}) and the agent's DynamoDB gateway: each run on one daemon thread of its own
 * (named {@code shift-job-<kind>-<id>}; backfill and verify fan out to their {@code threads} segments, also
 * daemons), at most one run of each kind at a time.
 *
 * <p>Files under the agent's state directory:
 * <ul>
 *   <li>{@code backfill/}: the backfill checkpoints (and its {@code status.json}); a new run resumes where the
 *       last one stopped (also after a restart), {@code restart} forgets them;</li>
 *   <li>{@code verify/shift-verify-diff.jsonl} (+ {@code .summary.json}): every difference of the last verify that
 *       finished (the input of {@code repair --from}); {@code verify/checkpoints/}: an unfinished verify's forward
 *       pass, which the next run resumes (unless {@code restart}); a finished run removes them;</li>
 *   <li>{@code jobs/backfill.json}, {@code jobs/verify.json}: the last run of each kind (updated every few seconds
 *       while it runs), and {@code jobs/verify-result.json}: the last verify that finished comparing — the readiness
 *       verdict survives restarts.</li>
 * </ul>
 */
public final class AgentJobs implements Jobs {
    private static final Logger LOG = Logger.getLogger(AgentJobs.class.getName());
    static final int CHUNK = 500;
    private static final long PERSIST_EVERY_NANOS = 2_000_000_000L;

    private final Supplier<Stores> stores;
    private final Path checkpointDir;
    private final Path diffFile;
    private final Path verifyCheckpointDir;
    private final Path runsDir;
    private final Clock clock;

    private final Object lock = new Object();
    private LiveRun backfillRun;
    private LiveRun verifyRun;
    private Run lastBackfill;
    private Run lastVerify;
    private volatile Run verdict;
    private volatile BooleanSupplier mysqlWritten = () -> true;
    private volatile Consumer<Run> finished = run -> { };

    /** @param stores both stores, asked for at each start (the MySQL side may only be known once the application connected) */
    AgentJobs(Supplier<Stores> stores, Path stateDir, Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        Path dir = stateDir.toAbsolutePath();
        this.checkpointDir = dir.resolve("backfill");
        this.diffFile = dir.resolve("verify").resolve("shift-verify-diff.jsonl");
        this.verifyCheckpointDir = dir.resolve("verify").resolve("checkpoints");
        this.runsDir = dir.resolve("jobs");
        this.clock = clock;
        this.lastBackfill = RunFile.read(runFile(Kind.BACKFILL)).orElse(null);
        this.lastVerify = RunFile.read(runFile(Kind.VERIFY)).orElse(null);
        this.verdict = RunFile.read(runsDir.resolve("verify-result.json")).orElse(null);
    }

    /**
     * @param connector Shift's own MySQL connections (never routed)
     * @param gateway   the agent's DynamoDB table (its mapping decides what is copied and compared)
     * @param outboxTable the agent's outbox table (backfill waits there for live changes still on their way)
     * @param stateDir  the agent's state directory ({@code AdminConfig.stateDir()})
     */
    public static AgentJobs create(MysqlConnector connector, DynamoGateway gateway, String outboxTable, Path stateDir) {
        // describe() names the database once the application has connected: asked at each start, not now
        return new AgentJobs(() -> new Stores(connector::open, connector.describe(), gateway, outboxTable), stateDir,
                Clock.systemUTC());
    }

    @Override
    public Optional<Run> backfill() {
        synchronized (lock) {
            return backfillRun != null ? Optional.of(backfillRun.snapshot()) : Optional.ofNullable(lastBackfill);
        }
    }

    @Override
    public Optional<Run> verify() {
        synchronized (lock) {
            return verifyRun != null ? Optional.of(verifyRun.snapshot()) : Optional.ofNullable(lastVerify);
        }
    }

    @Override
    public Optional<Run> lastVerifyResult() {
        synchronized (lock) {
            return Optional.ofNullable(verdict);
        }
    }

    /**
     * Ties the jobs to the migration: a backfill is refused while {@code mysqlWritten} is false (MySQL is then not the
     * source of truth), and every run that ends is handed to {@code finished} (the agent records it as evidence).
     */
    public AgentJobs following(BooleanSupplier mysqlWritten, Consumer<Run> finished) {
        this.mysqlWritten = mysqlWritten;
        this.finished = finished;
        return this;
    }

    @Override
    public Run startBackfill(BackfillOptions options, String operator) throws JobConflictException {
        if (!mysqlWritten.getAsBoolean()) {
            throw new JobConflictException("a backfill copies MySQL's rows into DynamoDB, and MySQL is no longer written "
                    + "in this phase: it would overwrite newer DynamoDB-only writes and bring back deleted rows");
        }
        LiveRun run = begin(Kind.BACKFILL, options.toMap(), operator);
        Backfill.Options o = new Backfill.Options(null, options.threads(), CHUNK, options.rate(), checkpointDir,
                false, options.restart(), 0);
        launch(run, () -> {
            Backfill backfill = new Backfill(stores.get(), o, run);
            run.counts(() -> backfillCounts(backfill.stats()));
            Backfill.Result r = backfill.run();
            r.errors().forEach(run::error);
            r.idCounters().forEach((k, v) -> LOG.info("shift backfill run " + run.id + ": id counter " + k + " = " + v));
            return r.complete() ? State.COMPLETE : State.INCOMPLETE;
        });
        return run.snapshot();
    }

    @Override
    public Run startVerify(VerifyOptions options, String operator) throws JobConflictException {
        LiveRun run = begin(Kind.VERIFY, options.toMap(), operator);
        launch(run, () -> {
            if (options.restart()) {
                Backfill.deleteCheckpoints(verifyCheckpointDir);
            }
            Stores stores = this.stores.get();
            Verify.Result r = new Verify(stores, new Verify.Options(null, options.threads(), CHUNK)).progress(run)
                    .checkpoints(verifyCheckpointDir).run();
            Verify.writeDiffs(diffFile, r.diffs(), stores.mapping());
            Verify.writeSummary(diffFile, r);
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put(Run.ROWS_COMPARED, r.rowsCompared());
            counts.put(Run.ITEMS_SCANNED, r.itemsScanned());
            counts.put(Run.DIFFERENCES, (long) r.diffs().size());
            r.counts().forEach((k, v) -> counts.put(wire(k), v));
            counts.put(Run.READ_UNITS, (long) Math.ceil(r.readUnits()));
            run.counts(() -> counts);
            run.diffFile(diffFile.toString());
            return State.COMPLETE;
        });
        return run.snapshot();
    }

    private static String wire(Differ.Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private LiveRun begin(Kind kind, Map<String, Object> options, String operator) throws JobConflictException {
        synchronized (lock) {
            LiveRun current = kind == Kind.BACKFILL ? backfillRun : verifyRun;
            if (current != null && current.running()) {
                throw new JobConflictException(kind.wireName() + " run " + current.id + " is already running (started by "
                        + current.startedBy + " at " + current.startedAt + "); wait for it to finish");
            }
            Run last = kind == Kind.BACKFILL ? (backfillRun != null ? backfillRun.snapshot() : lastBackfill)
                    : (verifyRun != null ? verifyRun.snapshot() : lastVerify);
            long id = last == null ? 1 : last.id() + 1;
            Path file = runFile(kind);
            LiveRun[] self = new LiveRun[1];
            long[] lastPersist = {System.nanoTime()};
            LiveRun run = new LiveRun(id, kind, operator, clock.instant(), options, () -> {
                LiveRun r = self[0];
                if (r == null) {
                    return;
                }
                synchronized (r) {
                    if (System.nanoTime() - lastPersist[0] >= PERSIST_EVERY_NANOS) {
                        lastPersist[0] = System.nanoTime();
                        RunFile.write(file, r.snapshot());
                    }
                }
            });
            self[0] = run;
            if (kind == Kind.BACKFILL) {
                backfillRun = run;
            } else {
                verifyRun = run;
            }
            RunFile.write(file, run.snapshot());
            return run;
        }
    }

    private interface Work {
        State run() throws Exception;
    }

    private void launch(LiveRun run, Work work) {
        Thread t = new Thread(() -> {
            State outcome;
            try {
                outcome = work.run();
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "shift " + run.kind.wireName() + " run " + run.id + " failed", e);
                run.error(e.getClass().getSimpleName() + ": " + e.getMessage());
                outcome = State.FAILED;
            }
            finish(run, outcome);
        }, "shift-job-" + run.kind.wireName() + "-" + run.id);
        t.setDaemon(true);
        try {
            t.start();
        } catch (Throwable e) {
            run.error("cannot start a thread: " + e);
            finish(run, State.FAILED);
            throw e;
        }
    }

    private void finish(LiveRun run, State outcome) {
        Run done;
        synchronized (lock) {   // whoever sees the run finished also sees its verdict, and the gates its evidence
            run.end(outcome, clock.instant());
            done = run.snapshot();
            if (done.differences().isPresent()) {
                verdict = done;
            }
            try {
                finished.accept(done);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "shift " + run.kind.wireName() + " run " + run.id + " ended but could not be "
                        + "recorded as evidence for phase moves: " + e.getMessage(), e);
            }
        }
        synchronized (run) {
            RunFile.write(runFile(run.kind), done);
        }
        if (done.differences().isPresent()) {
            RunFile.write(runsDir.resolve("verify-result.json"), done);
        }
        LOG.info("shift " + run.kind.wireName() + " run " + run.id + " started by " + run.startedBy + ": " + outcome.wireName()
                + (done.differences().map(d -> ", " + d + " difference(s)").orElse("")) + ", counts " + done.counts()
                + (done.errors().isEmpty() ? "" : ", errors " + done.errors()));
    }

    private Path runFile(Kind kind) {
        return runsDir.resolve(kind.wireName() + ".json");
    }

    private static Map<String, Long> backfillCounts(Stats s) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(Run.ROWS_READ, s.rowsRead.sum());
        m.put(Run.ITEMS_WRITTEN, s.written.sum());
        m.put(Run.HELD, s.held.sum());
        m.put(Run.LOCK_RETRIES, s.lockRetries.sum());
        m.put(Run.RECOPIED, s.recopied.sum());
        m.put(Run.DELETED, s.deleted.sum());
        m.put(Run.RETRIED, s.retried.sum());
        m.put(Run.FAILED, s.failed.sum());
        m.put(Run.READ_UNITS, (long) Math.ceil(s.readUnits.sum()));
        m.put(Run.WRITE_UNITS, (long) Math.ceil(s.writeUnits.sum()));
        return m;
    }
}
