package dev.shift.core.flags;

import java.time.Instant;

/**
 * The flags in force, with the version that a change produced and who made it. Immutable.
 *
 * @param version increases by one with every applied change; fleets compare it to see who is behind
 */
public record MigrationState(Flags flags, long version, Instant since, String changedBy) {

    public static MigrationState initial(Flags flags, String by) {
        return new MigrationState(flags, 0, Instant.now(), by);
    }

    public MigrationState next(Flags newFlags, String by, Instant at) {
        return new MigrationState(newFlags, version + 1, at, by);
    }
}
