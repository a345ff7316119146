package dev.shift.admin.http;

import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.core.migration.StatementReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/migration/statements and the panel's Statements card: what the engine reports, as it reports it. */
class StatementsApiTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static final StatementReport REPORT = new StatementReport(List.of(
            new StatementReport.Statement("SELECT quantity FROM shopping_carts WHERE user_id = ?", "shopping_carts", "read",
                    true, null, 12, Map.of("mysql", 12L), T, T.plusSeconds(5)),
            new StatementReport.Statement("SELECT id FROM orders WHERE status = ? <b>", "orders", "read", false,
                    "WHERE on orders must bind user_id by equality", 3, Map.of("mysql", 3L), T, T)), 4);

    @Test
    void listsEveryStatementWithWhetherDynamoDbCanAnswerIt() {
        try (Fixture f = new Fixture(dir, b -> b.statements(() -> REPORT))) {
            Http.Response r = f.http.get("/api/migration/statements", VIEWER);
            assertEquals(200, r.status(), r.body());
            Map<String, Object> body = r.json();
            assertEquals(2, body.get("distinct"));
            assertEquals(1, body.get("notAnswerableFromDynamoDb"));
            assertEquals(4, body.get("notListed"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("statements");
            assertEquals(true, list.get(0).get("answerableFromDynamoDb"));
            assertEquals(Map.of("mysql", 12), list.get(0).get("served"));
            assertEquals("WHERE on orders must bind user_id by equality", list.get(1).get("reason"));
            assertEquals("2026-12-03T10:00:05Z", list.get(0).get("lastSeen"));

            assertEquals(401, f.http.get("/api/migration/statements", null).status(), "a token is needed to read it");

            Browser browser = new Browser(f.http);
            browser.login(VIEWER);
            String panel = browser.open().body();
            assertTrue(panel.contains("id=\"statements-refusable\">1<"), "the panel counts what DynamoDB cannot answer");
            assertTrue(panel.indexOf("status = ? &lt;b&gt;") < panel.indexOf("WHERE user_id = ?"),
                    "statements DynamoDB cannot answer come first, escaped");
        }
    }
}
