package dev.shift.core.store;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.flags.MigrationState;

import java.util.Optional;

/**
 * A change was based on a version that is no longer current: someone else changed the flags first.
 * Nothing was written; the operator should look at the new state and decide again (HTTP 409).
 */
public final class VersionConflictException extends RuntimeException {

    private final transient MigrationState current;

    public VersionConflictException(long expected, Optional<MigrationState> current) {
        super(message(expected, current));
        this.current = current.orElse(null);
    }

    /** The state that won, when the store could tell. */
    public Optional<MigrationState> current() {
        return Optional.ofNullable(current);
    }

    private static String message(long expected, Optional<MigrationState> current) {
        return current.map(s -> "the flags were changed concurrently: version " + s.version() + " by " + s.changedBy()
                        + " at " + s.since() + " is now in force (" + AuditEntry.describe(s.flags()) + "); your change was based on version "
                        + expected + " and was not applied; look at the current state and retry if it still makes sense")
                .orElse("the flags were changed concurrently (your change was based on version " + expected
                        + ") and was not applied; reload and retry");
    }
}
