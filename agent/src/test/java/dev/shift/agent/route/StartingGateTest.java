package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.jdbc.StubConnection;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.SqlPlanner;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In phase 1 the gate opens before Shift has started; what it lets through must still reach the statements list. */
class StartingGateTest {

    @AfterEach
    void reset() {
        Interception.reset();
    }

    @Test
    void statementsOnMigratedTablesServedWhileShiftStartsAreKeptForTheStatementsList() throws Exception {
        StartingGate gate = StartingGate.install(new SqlPlanner(Mapping.defaultMapping()));
        gate.open();   // phase 1: nothing of what is still starting is needed
        Connection c = JdbcWrapping.wrap(new StubConnection());
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT quantity FROM shopping_carts WHERE user_id = 1");
            st.executeUpdate("DELETE FROM shopping_carts WHERE user_id = 1");
            st.execute("SELECT COUNT(*) FROM orders WHERE user_id = 1");
            st.executeQuery("SELECT name FROM products WHERE id = 1");   // not migrated: not listed
        }
        assertEquals(List.of("read SELECT quantity FROM shopping_carts WHERE user_id = 1",
                        "write DELETE FROM shopping_carts WHERE user_id = 1",
                        "read SELECT COUNT(*) FROM orders WHERE user_id = 1"),
                gate.drainServedEarly().stream().map(e -> (e.write() ? "write " : "read ") + e.plan().sql()).toList());
        assertEquals(List.of(), gate.drainServedEarly(), "handed over once");
    }
}
