package dev.shift.core.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of change an operator made; the wire name is the lower-case enum name. */
public enum Action {
    /** {@code POST /api/migration/phase}: jump to a named phase. */
    PHASE,
    /** {@code PUT /api/migration/flags}: set the four switches. */
    FLAGS,
    /** {@code POST /api/migration/rollback}: back one phase. */
    ROLLBACK,
    /** {@code POST /api/migration/jobs/backfill}: a backfill run started (flags unchanged). */
    BACKFILL,
    /** {@code POST /api/migration/jobs/verify}: a verify run started (flags unchanged). */
    VERIFY,
    /** {@code POST /api/migration/backlog/{id}/retry}: a backlog entry copied into DynamoDB now (flags unchanged). */
    BACKLOG_RETRY,
    /** {@code POST /api/migration/backlog/{id}/discard}: a backlog entry dropped by the operator (flags unchanged). */
    BACKLOG_DISCARD,
    /** A backfill run ended (from the panel, the API or the CLI); its facts are evidence for phase moves. */
    BACKFILL_DONE,
    /** A verify run ended; its facts (start, end, differences) are evidence for phase moves. */
    VERIFY_DONE,
    /** Something happened that may leave DynamoDB unequal to MySQL (a write Shift could not follow): voids earlier verifies. */
    EVIDENCE_VOIDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the actions that change the flags; the others are operator actions recorded at the version in force. */
    public boolean changesFlags() {
        return this == PHASE || this == FLAGS || this == ROLLBACK;
    }

    public static Optional<Action> fromWire(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }
}
