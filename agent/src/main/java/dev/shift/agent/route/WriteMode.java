package dev.shift.agent.route;

import dev.shift.core.flags.Flags;

/** How a write on a migrated table is carried out, decided once per statement from one flags snapshot. */
enum WriteMode {
    /** Phase 1 (and any state not writing DynamoDB): MySQL alone. */
    MYSQL_ONLY,
    /** Phases 2-3: MySQL first and authoritative; DynamoDB follows, an outbox record covering the gap. */
    DUAL_WRITE,
    /** Phase 4: DynamoDB answers reads, so it is written before MySQL commits; its refusal fails the write. */
    DYNAMO_FIRST,
    /** Phase 5: DynamoDB alone; a reverse-log entry lets MySQL catch up later. */
    DYNAMO_ONLY;

    static WriteMode of(Flags flags) {
        if (!flags.writeDdb()) {
            return MYSQL_ONLY;
        }
        if (!flags.writeMysql()) {
            return DYNAMO_ONLY;
        }
        return flags.readMysql() ? DUAL_WRITE : DYNAMO_FIRST;
    }

    /** Whether a write Shift cannot translate may still go to MySQL: only while MySQL answers the reads. */
    static boolean untranslatedWriteAllowed(Flags flags) {
        return flags.readMysql() || !flags.writeDdb();
    }
}
