package dev.shift.core.control;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.ChangeLog;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.flags.FlagRules;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FlagStore;
import dev.shift.core.store.VersionConflictException;

import dev.shift.core.migration.Check;
import dev.shift.core.migration.TransitionGates;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one way an operator's change happens, whether it came from curl or the panel:
 * check the rules, persist with the version it was based on, put it in force, audit, log.
 * Persist comes first so that an instance never runs flags its store does not hold.
 */
public final class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());

    private final MigrationControl control;
    private final FlagStore store;
    private final Clock clock;
    private volatile Backlog backlog = Backlog.EMPTY;
    private volatile TransitionGates gates;
    private volatile ReverseBacklog reverse = ReverseBacklog.NONE;

    public ControlPlane(MigrationControl control, FlagStore store, Clock clock) {
        this.control = Objects.requireNonNull(control);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * From now on, refuses a change that stops MySQL writes while {@code backlog} holds changes DynamoDB does not
     * have yet: they are copied from MySQL's rows, and once MySQL is no longer written that copy would overwrite
     * newer DynamoDB-only writes, so they could never be resolved.
     */
    public ControlPlane guardedBy(Backlog backlog) {
        this.backlog = Objects.requireNonNull(backlog);
        return this;
    }

    /** Moves that turn MySQL writes back on are made while {@code reverse} catches up (see {@link ReverseBacklog#catchingUp}). */
    public ControlPlane reverseSyncedBy(ReverseBacklog reverse) {
        this.reverse = Objects.requireNonNull(reverse);
        return this;
    }

    /** From now on, every phase move must pass {@code gates} (refusals name each failing check with its evidence). */
    public ControlPlane gatedBy(TransitionGates gates) {
        this.gates = Objects.requireNonNull(gates);
        return this;
    }

    /** The checks of a move from the flags in force to {@code target} (empty without gates), read afresh. */
    public List<Check> checks(Flags target) {
        TransitionGates g = gates;
        return g == null ? List.of() : g.checks(control.flags(), target);
    }

    /** As {@link #checks}, for showing: the evidence may be up to a second old. */
    public List<Check> preview(Flags target) {
        TransitionGates g = gates;
        return g == null ? List.of() : g.preview(control.flags(), target);
    }

    public MigrationControl control() {
        return control;
    }

    public FlagStore store() {
        return store;
    }

    /** "phase must be one of 1 (MySQL only), 2 (…), …" — what the operator may ask for. */
    public static String allowedPhases() {
        return Arrays.stream(Phase.values()).map(p -> p.number() + " (" + p.title() + ")")
                .collect(Collectors.joining(", "));
    }

    public ChangeResult phase(int number, String operator, String reason) {
        return phase(number, operator, reason, List.of());
    }

    /**
     * Moves to phase {@code number} if every check of the move passes, except checks named in {@code overrides}
     * that may be overridden (a reason is then required, and the override is audited).
     */
    public ChangeResult phase(int number, String operator, String reason, List<String> overrides) {
        Phase target = Phase.number(number).orElseThrow(() -> refuse(operator, "phase " + number,
                "unknown phase " + number + "; allowed phases: " + allowedPhases()));
        return apply(Action.PHASE, target.flags(), operator, reason, overrides);
    }

    public ChangeResult flags(Flags flags, String operator, String reason) {
        return flags(flags, operator, reason, List.of());
    }

    public ChangeResult flags(Flags flags, String operator, String reason, List<String> overrides) {
        Optional<String> refusal = FlagRules.refusal(flags);
        if (refusal.isPresent()) {
            throw refuse(operator, "flags " + flags, flags + ": " + refusal.get()
                    + ". Allowed combinations are the five phases: " + allowedPhases());
        }
        return apply(Action.FLAGS, flags, operator, reason, overrides);
    }

    /** Back one phase: 5→4→3→2→1. */
    public ChangeResult rollback(String operator, String reason) {
        Flags current = control.flags();
        Optional<Phase> phase = current.phase();
        if (phase.isEmpty()) {
            throw refuse(operator, "rollback", "the flags in force (" + current
                    + ") are not one of the five phases, so there is no previous phase; choose a phase explicitly");
        }
        if (phase.get().number() == 1) {
            throw refuse(operator, "rollback", "already in phase 1 (" + phase.get().title()
                    + "): there is no earlier phase to roll back to");
        }
        Phase previous = Phase.number(phase.get().number() - 1).orElseThrow();
        return apply(Action.ROLLBACK, previous.flags(), operator, reason, List.of());
    }

    /**
     * Records an operator action that changes no flag (a job started, a backlog entry retried or discarded) in
     * the audit trail and the log, at the flags and version in force. The action is already done: a trail that
     * cannot be written is logged loudly, not thrown (reporting a done action as failed invites doing it twice).
     *
     * @param detail what was done, in words, e.g. "discarded backlog entry 42 (shopping_carts user_id=3)"
     */
    public AuditEntry record(Action action, String operator, String reason, String detail) {
        return record(action, operator, reason, detail, Map.of());
    }

    /**
     * As {@link #record(Action, String, String, String)}, with machine-readable {@code facts}: how evidence for the
     * transition gates is kept (a backfill or verify that ended, an event that voids earlier verifies), in the store
     * the whole fleet reads.
     */
    public AuditEntry record(Action action, String operator, String reason, String detail, Map<String, String> facts) {
        if (action.changesFlags()) {
            throw new IllegalArgumentException(action + " changes the flags; use phase/flags/rollback");
        }
        MigrationState now = control.state();
        AuditEntry entry = new AuditEntry(now.version(), clock.instant(), operator, action, now.flags(), now.flags(),
                reason, store.instanceId(), detail, facts);
        ChangeLog.applied(entry);
        try {
            store.append(entry);
            TransitionGates g = gates;
            if (g != null) {
                g.evidenceChanged();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "operator action " + action.wireName() + " by " + operator + " was done but its audit entry "
                    + "could not be written to " + store.describe() + ": " + e.getMessage(), e);
        }
        return entry;
    }

    /** Serialised within this JVM; across a fleet the store's version check does the same job. */
    private synchronized ChangeResult apply(Action action, Flags target, String operator, String reason,
            List<String> overrides) {
        if (!control.flags().writeMysql() && target.writeMysql()) {
            return reverse.catchingUp(() -> applyNow(action, target, operator, reason, overrides));
        }
        return applyNow(action, target, operator, reason, overrides);
    }

    private ChangeResult applyNow(Action action, Flags target, String operator, String reason, List<String> overrides) {
        MigrationState before = control.state();
        if (before.flags().equals(target)) {
            return new ChangeResult(before, Optional.empty());
        }
        String what = action.wireName() + " to " + AuditEntry.describe(target);
        List<Check> checks = checks(target);
        for (String o : overrides) {
            if (checks.stream().noneMatch(c -> c.id().equals(o) && c.overridable())) {
                throw refuse(operator, what, "'" + o + "' is not a check of this move that may be overridden; those are: "
                        + checks.stream().filter(Check::overridable).map(Check::id).toList());
            }
        }
        if (!overrides.isEmpty() && (reason == null || reason.isBlank())) {
            throw refuse(operator, what, "overriding " + overrides + " needs a reason");
        }
        List<Check> blocking = TransitionGates.blocking(checks, overrides);
        if (!blocking.isEmpty()) {
            String why = "the move " + AuditEntry.describe(before.flags()) + " → " + AuditEntry.describe(target)
                    + " is refused: " + blocking.stream().map(Check::describe).collect(Collectors.joining("; "));
            ChangeLog.refused(operator, what, why);
            throw new TransitionRefusedException(why, checks);
        }
        Map<String, String> facts = overrides.isEmpty() ? Map.of() : Map.of("overridden", String.join(",", overrides));
        if (before.flags().writeMysql() && !target.writeMysql()) {
            Backlog.Summary waiting;
            try {
                waiting = backlog.current();
            } catch (BacklogException e) {
                throw refuse(operator, action.wireName() + " to " + AuditEntry.describe(target), "Shift cannot tell "
                        + "whether every change MySQL committed is in DynamoDB (" + e.getMessage() + "); once MySQL is no "
                        + "longer written, such changes could not be copied any more. Try again when the outbox can be read");
            }
            if (waiting.pending() > 0) {
                throw refuse(operator, action.wireName() + " to " + AuditEntry.describe(target), waiting.pending()
                        + " change(s) MySQL committed are not in DynamoDB yet (the backlog; oldest "
                        + waiting.oldestAge().map(a -> a.toSeconds() + " s").orElse("?") + "); once MySQL is no longer "
                        + "written they could not be copied any more. Wait for the backlog to drain (or retry or "
                        + "discard its entries), then switch");
            }
        }
        MigrationState after = before.next(target, operator, clock.instant());
        try {
            store.save(before.version(), after);
        } catch (VersionConflictException conflict) {
            // The winner's state is already stored: run it now rather than at the next poll.
            conflict.current().ifPresent(this::adoptQuietly);
            ChangeLog.refused(operator, action.wireName() + " to " + AuditEntry.describe(target), conflict.getMessage());
            throw conflict;
        } catch (RuntimeException e) {
            // Persist-first means an unreachable store blocks the change: flags the fleet does not share are worse.
            String why = store.describe() + " could not record the change (" + e.getMessage() + "); nothing changed, try again";
            ChangeLog.refused(operator, action.wireName() + " to " + AuditEntry.describe(target), why);
            throw new StoreUnavailableException(why, e);
        }
        control.adopt(after);
        store.applied(after);
        if (gates != null) {
            gates.evidenceChanged();
        }
        AuditEntry entry = new AuditEntry(after.version(), after.since(), operator, action, before.flags(), target,
                reason, store.instanceId(), overrides.isEmpty() ? "" : "overridden checks: " + String.join(", ", overrides),
                facts);
        ChangeLog.applied(entry);
        try {
            store.append(entry);
        } catch (RuntimeException e) {
            // The change is durable and in force; reporting it as failed would invite a second, different
            // change. The log line above is the record of it; say loudly that the trail missed it.
            LOG.log(Level.SEVERE, "change to version " + after.version() + " is in force but its audit entry could not be written to "
                    + store.describe() + ": " + e.getMessage(), e);
        }
        return new ChangeResult(after, Optional.of(entry));
    }

    private void adoptQuietly(MigrationState winner) {
        try {
            if (control.adopt(winner)) {
                store.applied(winner);
            }
        } catch (IllegalArgumentException ignored) {
            // An unsafe stored state is reported by the store's poller; keep ours.
        }
    }

    private static ChangeRefusedException refuse(String operator, String what, String why) {
        ChangeLog.refused(operator, what, why);
        return new ChangeRefusedException(why);
    }
}
