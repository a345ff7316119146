package dev.shift.agent.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No error of Shift's own makes a connection pool evict the application's connection. */
class ShiftErrorsTest {

    /**
     * What HikariCP takes for a broken connection ({@code ProxyConnection.checkException}): SQLState class 08, these
     * states, and these vendor codes. Other pools use the same class 08 rule.
     */
    private static final Set<String> FATAL_STATES = Set.of("0A000", "57P01", "57P02", "57P03", "01002", "JZ0C0", "JZ0C1");
    private static final Set<Integer> FATAL_CODES = Set.of(500150, 2399, 1105);

    @Test
    void noReasonUsesAStateOrCodeAPoolTakesForABrokenConnection() {
        for (ShiftErrors.Reason r : ShiftErrors.Reason.values()) {
            SQLException e = ShiftErrors.of(r, "x");
            assertFalse(e.getSQLState().startsWith("08"), r + ": " + e.getSQLState());
            assertFalse(FATAL_STATES.contains(e.getSQLState()), r + ": " + e.getSQLState());
            assertFalse(FATAL_CODES.contains(e.getErrorCode()), r + ": " + e.getErrorCode());
            assertEquals(r.transientError, e instanceof SQLTransientException, r + ": retrying may succeed");
        }
    }

    @Test
    void aRefusalReadsLikeMysqlsOwnNotSupported() {
        SQLException e = ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift cannot answer …");
        assertEquals("42000", e.getSQLState());
        assertEquals(1235, e.getErrorCode());
        assertTrue(e instanceof java.sql.SQLSyntaxErrorException);
    }
}
