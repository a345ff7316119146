package dev.shift.core.migration;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the audit trail (kept in the flag store, shared by a fleet) proves about the migration: since when DynamoDB
 * has been written without a break, the last backfill and verify that ended, and the last event that may have left
 * DynamoDB unequal to MySQL. Read afresh from the store for each decision.
 *
 * @param dynamoWrittenSince when WRITE_DDB last came on (empty: not on, or on since before the trail began)
 * @param mysqlWrittenUntil  when WRITE_MYSQL last went off while still off (empty: MySQL is written)
 */
public record Evidence(Optional<Instant> dynamoWrittenSince, Optional<Instant> mysqlWrittenUntil, Optional<Run> backfill,
        Optional<Run> verify, Optional<AuditEntry> voided) {

    /** A backfill or verify that ended: when it started and ended, whether it covered everything, its differences. */
    public record Run(Instant startedAt, Instant finishedAt, boolean complete, long differences, String by) {

        static Optional<Run> of(AuditEntry e) {
            try {
                return Optional.of(new Run(Instant.parse(e.fact("startedAt").orElseThrow()),
                        Instant.parse(e.fact("finishedAt").orElseThrow()),
                        Boolean.parseBoolean(e.fact("complete").orElse("false")),
                        Long.parseLong(e.fact("differences").orElse("0")), e.operator()));
            } catch (RuntimeException malformed) {
                return Optional.empty();   // written by something else: not evidence
            }
        }
    }

    /** The facts an evidence entry ({@link Action#BACKFILL_DONE}, {@link Action#VERIFY_DONE}) carries. */
    public static java.util.Map<String, String> facts(Instant startedAt, Instant finishedAt, boolean complete,
            long differences) {
        return java.util.Map.of("startedAt", startedAt.toString(), "finishedAt", finishedAt.toString(),
                "complete", Boolean.toString(complete), "differences", Long.toString(differences));
    }

    /** Evidence facts of a backfill or verify run of this instance that ended. */
    public static java.util.Map<String, String> facts(dev.shift.core.jobs.Jobs.Run run) {
        boolean complete = run.kind() == dev.shift.core.jobs.Jobs.Kind.VERIFY ? run.differences().isPresent()
                : run.state() == dev.shift.core.jobs.Jobs.State.COMPLETE;
        return facts(run.startedAt(), run.finishedAt().orElse(run.startedAt()), complete, run.differences().orElse(0L));
    }

    /** Folds a newest-first audit trail; {@code writeDdbNow}/{@code writeMysqlNow} are the flags in force. */
    public static Evidence from(List<AuditEntry> newestFirst, boolean writeDdbNow, boolean writeMysqlNow) {
        Optional<Instant> ddbSince = Optional.empty();
        Optional<Instant> mysqlUntil = Optional.empty();
        Optional<Run> backfill = Optional.empty();
        Optional<Run> verify = Optional.empty();
        Optional<AuditEntry> voided = Optional.empty();
        boolean ddbFound = !writeDdbNow;
        boolean mysqlFound = writeMysqlNow;
        for (AuditEntry e : newestFirst) {
            if (e.action().changesFlags()) {
                if (!ddbFound && !e.before().writeDdb() && e.after().writeDdb()) {
                    ddbSince = Optional.of(e.at());
                    ddbFound = true;
                }
                if (!mysqlFound && e.before().writeMysql() && !e.after().writeMysql()) {
                    mysqlUntil = Optional.of(e.at());
                    mysqlFound = true;
                }
            } else if (e.action() == Action.BACKFILL_DONE && backfill.isEmpty()) {
                backfill = Run.of(e).filter(Run::complete);
            } else if (e.action() == Action.VERIFY_DONE && verify.isEmpty()) {
                verify = Run.of(e);
            } else if ((e.action() == Action.EVIDENCE_VOIDED || e.action() == Action.BACKLOG_DISCARD) && voided.isEmpty()) {
                voided = Optional.of(e);
            }
        }
        return new Evidence(ddbSince, mysqlUntil, backfill, verify, voided);
    }

    /** The moment from which a verify counts: after DynamoDB writes came on and after the last voiding event. */
    Instant verifyMustStartAfter() {
        Instant t = dynamoWrittenSince.orElse(Instant.EPOCH);
        if (voided.isPresent() && voided.get().at().isAfter(t)) {
            t = voided.get().at();
        }
        return t;
    }
}
