package dev.shift.agent.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shift.agent.mapping.Mapping;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows each of the shop's writes records in the outbox before MySQL commits (docs/shop-sql.md). */
class RowScopeTest {

    private final SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping());
    private final Timestamp now = Timestamp.valueOf("2026-11-26 10:00:00.123");

    private RowScope scope(String sql, Long generatedId, Object... params) throws Exception {
        return ((WritePlan) planner.plan(sql)).scope(Arrays.asList(params), generatedId);
    }

    @Test
    void cartStatementsNameTheirRowOrTheUsersCart() throws Exception {
        assertEquals(new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)),
                scope("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE quantity = quantity + ?", null, 3L, 5L, 1, now, 1));
        assertEquals(new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)),
                scope("UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?", null, 2, 3L, 5L));
        assertEquals(new RowScope("shopping_carts", Map.of("user_id", 3L)),
                scope("DELETE FROM shopping_carts WHERE user_id = ?", null, 3L));
    }

    @Test
    void anOrderIsNamedByItsIdOnceMysqlChoseItAndByItsUserBefore() throws Exception {
        String insert = "INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
        assertEquals(new RowScope("orders", Map.of("id", 42L)),
                scope(insert, 42L, 3L, new BigDecimal("9.99"), "pending", now, now));
        assertEquals(new RowScope("orders", Map.of("user_id", 3L)),
                scope(insert, null, 3L, new BigDecimal("9.99"), "pending", now, now));
        assertEquals(new RowScope("orders", Map.of("id", 42L)),
                scope("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? AND status = ?", null,
                        "cancelled", now, 42L, 3L, "pending"));
    }

    @Test
    void anOrderLineChangesItsOrder() throws Exception {
        assertEquals(new RowScope("orders", Map.of("id", 42L)),
                scope("INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)", null,
                        42L, 5L, 1, new BigDecimal("9.99")));
    }

    @Test
    void aNullKeyChangesNoRow() throws Exception {
        assertNull(scope("DELETE FROM shopping_carts WHERE user_id = ?", null, (Object) null));
    }

    @Test
    void describesItselfForOperators() {
        assertEquals("shopping_carts product_id=5 user_id=3",
                new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)).describe());
        assertThrows(IllegalArgumentException.class, () -> new RowScope("orders", Map.of()));
    }
}
