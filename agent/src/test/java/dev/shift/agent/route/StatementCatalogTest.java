package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.Phase;
import dev.shift.core.migration.StatementReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statements list counts where each statement went under each phase's flags, and says what DynamoDB cannot answer. */
class StatementCatalogTest {
    private final SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping());
    private final StatementCatalog catalog = new StatementCatalog(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void countsWhereEachStatementWentAndWhyDynamoDbCannotAnswerIt() {
        String read = "SELECT quantity FROM shopping_carts WHERE user_id = ?";
        String scan = "SELECT id FROM orders WHERE status = ?";
        String write = "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?";
        for (Phase p : Phase.values()) {
            catalog.seen(planner.plan(read), p.flags(), false);
            catalog.seen(planner.plan(scan), p.flags(), false);
            catalog.seen(planner.plan(write), p.flags(), true);
        }
        catalog.seen(planner.plan(read), Phase.MYSQL_ONLY.flags(), false);
        StatementReport r = catalog.report();
        assertEquals(read, r.statements().get(0).sql(), "most frequent first");
        Map<String, StatementReport.Statement> by = new java.util.HashMap<>();
        r.statements().forEach(s -> by.put(s.sql(), s));
        assertEquals(Map.of("mysql", 3L, "both", 1L, "dynamodb", 2L), by.get(read).served());
        assertEquals(Map.of("mysql", 3L, "refused", 2L), by.get(scan).served());
        assertEquals(false, by.get(scan).answerable());
        assertEquals("orders", by.get(scan).table());
        assertEquals(Map.of("mysql", 1L, "both", 3L, "dynamodb", 1L), by.get(write).served());
        assertEquals("write", by.get(write).kind());
    }
}
