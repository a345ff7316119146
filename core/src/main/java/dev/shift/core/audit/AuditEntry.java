package dev.shift.core.audit;

import dev.shift.core.flags.Flags;
import dev.shift.core.flags.Phase;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied change: who did what, when, from which flags to which. Refused and unauthenticated
 * requests never become entries: the trail lists what actually changed.
 *
 * <p>Operator actions that do not change the flags (a job started, a backlog entry retried or discarded;
 * {@link Action#changesFlags()} false) are entries too: {@code before} and {@code after} are then the flags in
 * force, {@code version} the version in force (so it is not unique among them), and {@code detail} says what was done.
 *
 * @param version  the flag version the change produced (unique across a fleet for flag changes); for other
 *                 actions the version in force when it was done
 * @param reason   the operator's free text, empty when none was given
 * @param instance the instance that applied the change (it then spread to the fleet)
 * @param detail   what a non-flag action did, e.g. "retried backlog entry 42 (shopping_carts user_id=3)"; empty
 *                 for flag changes
 * @param facts    for evidence entries, what the transition gates read back (e.g. startedAt, differences)
 */
public record AuditEntry(long version, Instant at, String operator, Action action, Flags before, Flags after,
                         String reason, String instance, String detail, Map<String, String> facts) {

    /** A flag change (no detail). */
    public AuditEntry(long version, Instant at, String operator, Action action, Flags before, Flags after,
                      String reason, String instance) {
        this(version, at, operator, action, before, after, reason, instance, "");
    }

    /** An operator action without machine-readable facts. */
    public AuditEntry(long version, Instant at, String operator, Action action, Flags before, Flags after,
                      String reason, String instance, String detail) {
        this(version, at, operator, action, before, after, reason, instance, detail, Map.of());
    }

    public AuditEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(operator);
        Objects.requireNonNull(action);
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(instance);
        detail = detail == null ? "" : detail;
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** A fact of an evidence entry ({@link Action#BACKFILL_DONE} …), e.g. {@code startedAt}. */
    public Optional<String> fact(String name) {
        return Optional.ofNullable(facts.get(name));
    }

    public Optional<String> reasonText() {
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }

    /**
     * "phase 2 (Dual write, MySQL read) → phase 3 (…)", the before → after an operator reads; for an action that
     * does not change the flags, its detail.
     */
    public String summary() {
        if (!action.changesFlags() && !detail.isEmpty()) {
            return detail;
        }
        return describe(before) + " → " + describe(after) + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** "phase 3 (Dual write, dual read (validation))" or "custom (READ_MYSQL=on …)". */
    public static String describe(Flags flags) {
        return flags.phase().map(AuditEntry::describe).orElse("custom (" + flags + ")");
    }

    private static String describe(Phase p) {
        return "phase " + p.number() + " (" + p.title() + ")";
    }
}
