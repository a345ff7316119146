package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.sql.RowScope;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rows an outbox entry names: loose on purpose, a row named wrongly is only copied later. */
class LiveChangesTest {

    private static Row cartLine(long user, long product, String note) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("user_id", user);
        v.put("product_id", product);
        v.put("note", note);
        return new Row("shopping_carts", List.of(user, product), v, Map.of());
    }

    @Test
    void aScopeNamesTheRowsWhoseColumnsItEquals() {
        Row line = cartLine(3, 5, "Gift");
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)), line));
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", 3L)), line), "a whole cart");
        assertFalse(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 6L)), line));
        assertFalse(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", 4L)), line));
    }

    @Test
    void valuesCompareAsMysqlWouldRatherThanByJavaType() {
        Row line = cartLine(3, 5, "Gift");
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("USER_ID", 3)), line), "column case, Integer");
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", new BigDecimal("3.0"))), line));
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("user_id", "3")), line), "a number as text");
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("note", "gift  ")), line), "collation");
        assertFalse(LiveChanges.names(new RowScope("shopping_carts", Map.of("note", "gifts")), line));
    }

    @Test
    void whatCannotBeComparedCountsAsNamed() {
        Row line = cartLine(3, 5, "Gift");
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("not_a_column", 1L)), line));
        assertTrue(LiveChanges.names(new RowScope("shopping_carts", Map.of("note", new Timestamp(0))), line));
    }
}
