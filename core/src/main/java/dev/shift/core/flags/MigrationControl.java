package dev.shift.core.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The single source of the flags inside one JVM. The agent calls {@link #flags()} once per
 * statement (a volatile read); the admin endpoint calls {@link #change} when an operator acts.
 */
public final class MigrationControl {

    private final AtomicReference<MigrationState> state;
    /** Notified after every change, for the threads that wait for one ({@link #awaitChange}). */
    private final Object changed = new Object();

    public MigrationControl(MigrationState initial) {
        this.state = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    /** Convenience for tests and the agent's start-up: begin in this phase. */
    public static MigrationControl startingIn(Phase phase) {
        return new MigrationControl(MigrationState.initial(phase.flags(), "start-up"));
    }

    /** The flags for one statement. */
    public Flags flags() {
        return state.get().flags();
    }

    public MigrationState state() {
        return state.get();
    }

    /**
     * Applies a change after checking {@link FlagRules}, in this JVM only: nothing is persisted or
     * audited. With a flag store attached (the admin endpoint running) use
     * {@code AdminServer#controlPlane()} instead: a local-only change moves this instance's version
     * away from the store's, and the store then refuses later changes as conflicts.
     *
     * @throws IllegalArgumentException with the refusal reason when the flags are unsafe
     */
    public MigrationState change(Flags newFlags, String operator) {
        FlagRules.refusal(newFlags).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        MigrationState next = state.updateAndGet(s -> s.next(newFlags, operator, Instant.now()));
        signalChange();
        return next;
    }

    /**
     * Waits until the state in force is no longer version {@code seen}, or {@code timeout} has passed; returns the
     * state then. For Shift's background threads, so they sleep through phases that give them nothing to do
     * instead of waking up to look.
     */
    public MigrationState awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (state.get().version() == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
        return state.get();
    }

    /**
     * While the flags in force are {@code idle} (give the caller nothing to do), waits for them to change, at most
     * {@code timeout}; returns at once otherwise.
     */
    public void awaitChangeWhile(Predicate<Flags> idle, Duration timeout) throws InterruptedException {
        MigrationState now = state.get();
        if (idle.test(now.flags())) {
            awaitChange(now.version(), timeout);
        }
    }

    private void signalChange() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * Takes over a state that was decided elsewhere (restored from the flag store at start-up, or a
     * change another instance of the fleet made), but only when it is newer than the one in force:
     * a late poll must never move the flags backwards.
     *
     * @return true when {@code newer} is now in force
     * @throws IllegalArgumentException when the state's flags are refused by {@link FlagRules}
     */
    public boolean adopt(MigrationState newer) {
        Objects.requireNonNull(newer);
        FlagRules.refusal(newer.flags()).ifPresent(reason -> {
            throw new IllegalArgumentException("refusing stored flags version " + newer.version() + ": " + reason);
        });
        MigrationState prev = state.getAndAccumulate(newer,
                (current, candidate) -> candidate.version() > current.version() ? candidate : current);
        boolean adopted = newer.version() > prev.version();
        if (adopted) {
            signalChange();
        }
        return adopted;
    }
}
