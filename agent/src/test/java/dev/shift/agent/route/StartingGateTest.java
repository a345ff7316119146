package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.jdbc.StubConnection;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.migration.StatementReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In phase 1 the gate opens before Shift has started; what it lets through must still reach the statements list. */
class StartingGateTest {

    private final SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping());

    @AfterEach
    void reset() {
        Interception.reset();
    }

    @Test
    void statementsServedWhileShiftStartsReachTheStatementsList() throws Exception {
        StartingGate gate = StartingGate.install();
        gate.prepared(planner);
        gate.openEarly();   // phase 1: nothing of what is still starting is needed
        Connection c = JdbcWrapping.wrap(new StubConnection());
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT quantity FROM shopping_carts WHERE user_id = 1");
            st.executeQuery("SELECT quantity FROM shopping_carts WHERE user_id = 1");
            st.executeUpdate("DELETE FROM shopping_carts WHERE user_id = 1");
            st.execute("SELECT COUNT(*) FROM orders WHERE user_id = 1");   // a read, though run by execute()
            st.executeQuery("SELECT name FROM products WHERE id = 1");   // not migrated: not listed
        }
        StatementCatalog catalog = new StatementCatalog(Clock.systemUTC());
        catalog.servedBeforeStart(gate.drainServedEarly(), planner);   // what the router does when it takes over

        Map<String, String> listed = new TreeMap<>();
        for (StatementReport.Statement s : catalog.report().statements()) {
            listed.put(s.sql(), s.kind() + " " + s.served());
        }
        assertEquals(Map.of(
                        "SELECT quantity FROM shopping_carts WHERE user_id = 1", "read {mysql=2}",
                        "DELETE FROM shopping_carts WHERE user_id = 1", "write {mysql=1}",
                        "SELECT COUNT(*) FROM orders WHERE user_id = 1", "read {mysql=1}"),
                listed);
        assertEquals(List.of(), gate.drainServedEarly(), "handed over once");
    }

    @Test
    void openedEarlyTheGateParsesNothingOnTheApplicationsThread() throws Exception {
        StartingGate gate = StartingGate.install();
        gate.prepared(planner);
        gate.openEarly();
        Connection c = JdbcWrapping.wrap(new StubConnection());
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT quantity FROM shopping_carts WHERE user_id = 2");
        }
        assertEquals(0, planner.cacheSize(), "a statement was planned on the application's thread");
    }

    @Test
    void untilThePlannerIsReadyEveryStatementWaitsThenOthersThanMigratedOnesPass() throws Exception {
        StartingGate gate = StartingGate.install();   // premain: the planner is prepared on Shift's own thread
        Connection c = JdbcWrapping.wrap(new StubConnection());
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT name FROM products WHERE id = 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(other.isDone(), "a statement passed before Shift knew which tables it migrates");
        gate.prepared(planner);
        other.get(10, TimeUnit.SECONDS);   // not migrated: passes, though Shift is still starting
    }
}
