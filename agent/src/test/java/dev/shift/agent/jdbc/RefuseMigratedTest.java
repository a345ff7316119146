package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.route.RefuseMigrated;
import dev.shift.agent.sql.SqlPlanner;
import java.sql.Connection;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failed start in a phase where MySQL is not complete: migrated tables refused, other tables untouched. */
class RefuseMigratedTest {

    private final StubConnection driver = new StubConnection();

    @AfterEach
    void reset() {
        Interception.reset();
    }

    @Test
    void statementsOnMigratedTablesAreRefusedAndOthersGoToMysql() throws Exception {
        Interception.install(new RefuseMigrated(new SqlPlanner(Mapping.defaultMapping()), "test"));
        Connection app = JdbcWrapping.wrap(driver);
        try (Statement st = app.createStatement()) {
            SQLTransientException e = assertThrows(SQLTransientException.class,
                    () -> st.executeQuery("SELECT * FROM orders WHERE id = 7"));
            assertTrue(e.getMessage().contains("refused rather than answered from MySQL"), e.getMessage());
            assertThrows(SQLTransientException.class,
                    () -> st.executeUpdate("UPDATE shopping_carts SET quantity = 2 WHERE user_id = 1"));
            st.executeQuery("SELECT * FROM products WHERE id = 7");
        }
        assertEquals(List.of("createStatement", "executeQuery[SELECT * FROM products WHERE id = 7]"),
                driver.log.stream().filter(l -> !l.startsWith("close")).toList(), "only the other table reached MySQL");
        assertTrue(!app.isClosed(), "the connection stays usable (no pool evicts it)");
    }

    @Test
    void withoutAMappingEveryStatementIsRefused() throws Exception {
        Interception.install(new RefuseMigrated(null, "the mapping file is unreadable"));
        try (Statement st = JdbcWrapping.wrap(driver).createStatement()) {
            assertThrows(SQLTransientException.class, () -> st.executeQuery("SELECT * FROM products"));
        }
    }
}
