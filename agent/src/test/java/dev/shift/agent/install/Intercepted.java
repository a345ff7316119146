package dev.shift.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.jdbc.CallDepth;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.jdbc.ShiftConnection;
import java.sql.Connection;
import java.sql.SQLException;

/** What both ways of intercepting must give: one Shift wrapper around the driver's connection, the depth back to 0. */
final class Intercepted {

    private Intercepted() {
    }

    static void assertShiftOnce(Connection connection) throws SQLException {
        assertTrue(connection instanceof ShiftConnection, () -> "not wrapped: " + connection);
        Connection inner = ((ShiftConnection) connection).context().delegate();
        assertFalse(JdbcWrapping.isWrapped(inner), () -> "wrapped twice: " + connection);
        assertEquals(0, depth(), "call depth back to 0");
    }

    static int depth() {
        int before = CallDepth.enter();
        CallDepth.exit();
        return before;
    }
}
