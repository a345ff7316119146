package dev.shift.admin.flags;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The single source of the flags inside one JVM. The agent calls {@link #flags()} once per
 * statement (a volatile read); the admin endpoint calls {@link #change} when an operator acts.
 */
public final class MigrationControl {

    private final AtomicReference<MigrationState> state;

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
     * Applies a change after checking {@link FlagRules}.
     *
     * @throws IllegalArgumentException with the refusal reason when the flags are unsafe
     */
    public MigrationState change(Flags newFlags, String operator) {
        FlagRules.refusal(newFlags).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        return state.updateAndGet(s -> s.next(newFlags, operator, Instant.now()));
    }
}
