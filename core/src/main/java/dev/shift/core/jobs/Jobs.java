package dev.shift.core.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The long operator jobs the admin port can start and show: {@code backfill} (copy MySQL's history into
 * DynamoDB) and {@code verify} (prove both stores agree: the readiness signal before reads move to DynamoDB).
 * The agent implements it (running the jobs inside the application's JVM); the admin endpoint only starts
 * them and shows their runs.
 *
 * <p>At most one run of each kind at a time: starting a second one while the first runs throws
 * {@link JobConflictException}. Implementations must be thread-safe; {@link #backfill()} and {@link #verify()}
 * are called on every status request, panel render and scrape, so they must be cheap (no I/O).
 */
public interface Jobs {

    /** What a job does; the wire name is the lower-case enum name. */
    enum Kind {
        BACKFILL, VERIFY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a run is. Everything but {@link #RUNNING} is final. */
    enum State {
        /** Started and not finished. */
        RUNNING,
        /** Finished: backfill copied every row; verify compared everything (see {@link Run#differences()}). */
        COMPLETE,
        /** Backfill finished but some chunks failed after their retries; a new run resumes them. */
        INCOMPLETE,
        /** The run stopped on an error (connection, mapping, …); {@link Run#errors()} says why. */
        FAILED,
        /** The JVM stopped while the run was going (found at the next start); a new backfill run resumes. */
        INTERRUPTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Limits shared by the API's validation and the implementations. */
    int MAX_THREADS = 64;
    double MAX_RATE = 1_000_000;

    /**
     * Options of a backfill run.
     *
     * @param threads key-range segments copied in parallel, 1..{@value #MAX_THREADS}
     * @param rate    at most this many items per second, all threads together; 0 = unlimited
     * @param restart forget the checkpoints and copy everything again (the copy still never replaces newer items)
     */
    record BackfillOptions(int threads, double rate, boolean restart) {
        public static final BackfillOptions DEFAULT = new BackfillOptions(4, 0, false);

        public BackfillOptions {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
            }
            if (!(rate >= 0 && rate <= MAX_RATE)) {
                throw new IllegalArgumentException("rate must be 0 (unlimited) to " + (long) MAX_RATE + " items/s, got " + rate);
            }
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.put("rate", rate == Math.rint(rate) ? (Object) (long) rate : (Object) rate);
            m.put("restart", restart);
            return m;
        }
    }

    /**
     * Options of a verify run.
     *
     * @param threads key ranges compared in parallel, 1..{@value #MAX_THREADS}
     * @param restart compare everything again even if the last verify stopped part-way (by default an unfinished
     *                verify resumes where it stopped)
     */
    record VerifyOptions(int threads, boolean restart) {
        public static final VerifyOptions DEFAULT = new VerifyOptions(4, false);

        public VerifyOptions {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
            }
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.put("restart", restart);
            return m;
        }
    }

    /**
     * How far a run got: {@code done} of {@code total} rows (verify: rows compared in the forward pass),
     * the rate since the run started, and the estimated time left (empty when unknown or finished).
     */
    record Progress(long done, long total, double ratePerSecond, Optional<Duration> eta) {
        public static final Progress NONE = new Progress(0, 0, 0, Optional.empty());

        public Progress {
            Objects.requireNonNull(eta);
        }

        /** 0..100, or empty when the total is not known yet. */
        public Optional<Double> percent() {
            return total <= 0 ? Optional.empty() : Optional.of(Math.min(100.0, Math.floor(done * 1000.0 / total) / 10.0));
        }
    }

    /**
     * One run of a job: the current one while {@link State#RUNNING}, else the last one.
     *
     * @param id         increasing per kind (a new run has a higher id than the last one)
     * @param options    the options it was started with ({@link BackfillOptions#toMap()} / {@link VerifyOptions#toMap()})
     * @param counts     what it did so far, by name (backfill: {@value #ROWS_READ}, {@value #ITEMS_WRITTEN},
     *                   {@value #HELD}, {@value #LOCK_RETRIES}, {@value #RECOPIED}, {@value #DELETED}, {@value #RETRIED},
     *                   {@value #FAILED}, {@value #READ_UNITS}, {@value #WRITE_UNITS}; verify once finished:
     *                   {@value #ROWS_COMPARED}, {@value #ITEMS_SCANNED}, {@value #DIFFERENCES}, {@value #MISSING},
     *                   {@value #EXTRA}, {@value #MISMATCH}, {@value #READ_UNITS})
     * @param errors     what went wrong, for the operator (empty when nothing did)
     * @param diffFile   verify: the file listing every difference (one JSON object per line)
     */
    record Run(long id, Kind kind, State state, String startedBy, Instant startedAt, Optional<Instant> finishedAt,
               Map<String, Object> options, Progress progress, Map<String, Long> counts, List<String> errors,
               Optional<String> diffFile) {

        public static final String ROWS_READ = "rows_read";
        public static final String ITEMS_WRITTEN = "items_written";
        /** Rows copied after a live change of theirs had landed in DynamoDB, instead of with their chunk. */
        public static final String HELD = "held_for_live_changes";
        /** Chunk reads tried again because the application held a lock on one of their rows. */
        public static final String LOCK_RETRIES = "lock_retries";
        public static final String RECOPIED = "recopied";
        public static final String DELETED = "deleted";
        public static final String RETRIED = "retried";
        public static final String FAILED = "failed";
        public static final String ROWS_COMPARED = "rows_compared";
        public static final String ITEMS_SCANNED = "items_scanned";
        public static final String DIFFERENCES = "differences";
        public static final String MISSING = "missing";
        public static final String EXTRA = "extra";
        public static final String MISMATCH = "mismatch";
        /** DynamoDB's capacity units the run was charged, rounded up (its bulk calls, as DynamoDB reports them). */
        public static final String READ_UNITS = "read_capacity_units";
        public static final String WRITE_UNITS = "write_capacity_units";

        public Run {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(state);
            Objects.requireNonNull(startedBy);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(finishedAt);
            options = Map.copyOf(options);
            Objects.requireNonNull(progress);
            counts = Map.copyOf(counts);
            errors = List.copyOf(errors);
            Objects.requireNonNull(diffFile);
        }

        public boolean running() {
            return state == State.RUNNING;
        }

        /** Verify: the number of differences found, once the run is {@link State#COMPLETE}. */
        public Optional<Long> differences() {
            return kind == Kind.VERIFY && state == State.COMPLETE ? Optional.ofNullable(counts.get(DIFFERENCES)) : Optional.empty();
        }

        /** Verify finished and found no difference: the stores agree (ready for phase 4, reads from DynamoDB). */
        public boolean agrees() {
            return differences().map(d -> d == 0).orElse(false);
        }
    }

    /** The current backfill run, or the last one (this JVM's or, if the implementation keeps them, an earlier one's). */
    Optional<Run> backfill();

    /** The current verify run, or the last one. */
    Optional<Run> verify();

    /**
     * The last verify that finished comparing ({@link State#COMPLETE}), even while a newer one runs or after a
     * newer one failed: the readiness signal (its {@link Run#differences()} and {@link Run#finishedAt()}).
     */
    default Optional<Run> lastVerifyResult() {
        return verify().filter(r -> r.differences().isPresent());
    }

    /**
     * Starts a backfill in the background and returns at once.
     *
     * @param operator who asked (shown on the run)
     * @return the new run, {@link State#RUNNING}
     * @throws JobConflictException  a backfill is already running (its message names it)
     * @throws IllegalStateException the run cannot be started here at all (e.g. no MySQL connection configured)
     */
    Run startBackfill(BackfillOptions options, String operator) throws JobConflictException;

    /** Starts a verify in the background; as {@link #startBackfill}. */
    Run startVerify(VerifyOptions options, String operator) throws JobConflictException;

    /** False for {@link #NONE}: the panel then hides the start buttons and POSTs answer 503. */
    default boolean available() {
        return true;
    }

    /** No jobs on this instance (an admin server without an agent behind it). */
    Jobs NONE = new Jobs() {
        @Override
        public Optional<Run> backfill() {
            return Optional.empty();
        }

        @Override
        public Optional<Run> verify() {
            return Optional.empty();
        }

        @Override
        public Run startBackfill(BackfillOptions options, String operator) {
            throw new IllegalStateException("backfill cannot be started on this instance: no agent jobs are configured");
        }

        @Override
        public Run startVerify(VerifyOptions options, String operator) {
            throw new IllegalStateException("verify cannot be started on this instance: no agent jobs are configured");
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
