package dev.shift.agent.dynamo;

import java.sql.SQLException;

/** Supplies AUTO_INCREMENT values: MySQL's generated key (dual-write phases) or {@link IdAllocator} (phase 5). */
@FunctionalInterface
public interface IdSource {
    long next(String table, String column) throws SQLException;

    /** For statements that must not need one. */
    IdSource NONE = (t, c) -> {
        throw new SQLException("Shift: no generated id available for " + t + "." + c
                + " (MySQL did not return one and no allocator is configured)", "HY000");
    };

    static IdSource fixed(long id) {
        return (t, c) -> id;
    }
}
