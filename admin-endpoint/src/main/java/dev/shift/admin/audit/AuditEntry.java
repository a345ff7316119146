package dev.shift.admin.audit;

import dev.shift.admin.flags.Flags;
import dev.shift.admin.flags.Phase;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied change: who did what, when, from which flags to which. Refused and unauthenticated
 * requests never become entries: the trail lists what actually changed.
 *
 * @param version  the flag version the change produced; unique across a fleet, so it is the entry's id
 * @param reason   the operator's free text, empty when none was given
 * @param instance the instance that applied the change (it then spread to the fleet)
 */
public record AuditEntry(long version, Instant at, String operator, Action action, Flags before, Flags after,
                         String reason, String instance) {

    public AuditEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(operator);
        Objects.requireNonNull(action);
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(instance);
    }

    public Optional<String> reasonText() {
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }

    /** "phase 2 (Dual write, MySQL read) → phase 3 (…)", the before → after an operator reads. */
    public String summary() {
        return describe(before) + " → " + describe(after);
    }

    /** "phase 3 (Dual write, dual read (validation))" or "custom (READ_MYSQL=on …)". */
    public static String describe(Flags flags) {
        return flags.phase().map(AuditEntry::describe).orElse("custom (" + flags + ")");
    }

    private static String describe(Phase p) {
        return "phase " + p.number() + " (" + p.title() + ")";
    }
}
