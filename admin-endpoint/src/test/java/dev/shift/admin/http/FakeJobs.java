package dev.shift.admin.http;

import dev.shift.core.jobs.JobConflictException;
import dev.shift.core.jobs.Jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs whose runs the test sets directly; records what was started. */
final class FakeJobs implements Jobs {

    volatile Run backfill;
    volatile Run verify;
    volatile Run verdict;
    final List<Object> started = new ArrayList<>();

    static Run running(Kind kind, long id, long done, long total) {
        return new Run(id, kind, State.RUNNING, "alice", Instant.parse("2026-11-26T20:00:00Z"), Optional.empty(),
                Map.of("threads", 4), new Progress(done, total, 250, Optional.of(Duration.ofSeconds((total - done) / 250))),
                kind == Kind.BACKFILL ? Map.of(Run.ROWS_READ, done, Run.ITEMS_WRITTEN, done) : Map.of(), List.of(), Optional.empty());
    }

    static Run verified(long id, long missing, long extra, long mismatch) {
        long diffs = missing + extra + mismatch;
        return new Run(id, Kind.VERIFY, State.COMPLETE, "alice", Instant.parse("2026-11-26T20:00:00Z"),
                Optional.of(Instant.parse("2026-11-26T20:05:00Z")), Map.of("threads", 4), new Progress(1000, 1000, 200, Optional.empty()),
                Map.of(Run.ROWS_COMPARED, 1000L, Run.ITEMS_SCANNED, 1000L - missing + extra, Run.DIFFERENCES, diffs,
                        Run.MISSING, missing, Run.EXTRA, extra, Run.MISMATCH, mismatch),
                List.of(), Optional.of("/var/lib/shift/verify/shift-verify-diff.jsonl"));
    }

    @Override
    public Optional<Run> backfill() {
        return Optional.ofNullable(backfill);
    }

    @Override
    public Optional<Run> verify() {
        return Optional.ofNullable(verify);
    }

    @Override
    public Optional<Run> lastVerifyResult() {
        return Optional.ofNullable(verdict);
    }

    @Override
    public synchronized Run startBackfill(BackfillOptions options, String operator) throws JobConflictException {
        if (backfill != null && backfill.running()) {
            throw new JobConflictException("backfill run " + backfill.id() + " is already running");
        }
        started.add(options);
        backfill = new Run(backfill == null ? 1 : backfill.id() + 1, Kind.BACKFILL, State.RUNNING, operator, Instant.now(),
                Optional.empty(), options.toMap(), Progress.NONE, Map.of(), List.of(), Optional.empty());
        return backfill;
    }

    @Override
    public synchronized Run startVerify(VerifyOptions options, String operator) throws JobConflictException {
        if (verify != null && verify.running()) {
            throw new JobConflictException("verify run " + verify.id() + " is already running");
        }
        started.add(options);
        verify = new Run(verify == null ? 1 : verify.id() + 1, Kind.VERIFY, State.RUNNING, operator, Instant.now(),
                Optional.empty(), options.toMap(), Progress.NONE, Map.of(), List.of(), Optional.empty());
        return verify;
    }
}
