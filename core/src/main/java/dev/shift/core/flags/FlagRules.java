package dev.shift.core.flags;

import java.util.Optional;

/**
 * Which flag combinations are safe. A combination that would lose data or serve stale reads is
 * refused with a reason an operator can act on.
 */
public final class FlagRules {

    private FlagRules() {
    }

    /** Why these flags must not be applied, or empty when they are safe. */
    public static Optional<String> refusal(Flags f) {
        if (!f.writeMysql() && !f.writeDdb()) {
            return Optional.of("no store would be written: writes would be lost; turn on WRITE_MYSQL or WRITE_DDB");
        }
        if (!f.readMysql() && !f.readDdb()) {
            return Optional.of("no store would be read: turn on READ_MYSQL or READ_DDB");
        }
        if (f.readDdb() && !f.writeDdb()) {
            return Optional.of("READ_DDB without WRITE_DDB would read stale data from DynamoDB: turn on WRITE_DDB");
        }
        if (f.readMysql() && !f.writeMysql()) {
            return Optional.of("READ_MYSQL without WRITE_MYSQL would read stale data from MySQL: turn on WRITE_MYSQL");
        }
        return Optional.empty();
    }
}
