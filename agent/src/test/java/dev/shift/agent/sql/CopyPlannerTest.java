package dev.shift.agent.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which rows a write Shift does not translate touches, and how they are found: planned without I/O. */
class CopyPlannerTest {

    private final CopyPlanner planner = new CopyPlanner(Mapping.defaultMapping());

    @Test
    void hibernatesBulkDeleteIsFollowedByALockingSelectOfTheItemKeys() {
        var m = assertInstanceOf(CopyPlan.Matched.class,
                planner.plan("delete c1_0 from shopping_carts c1_0 where c1_0.user_id=? and c1_0.quantity>?"));
        assertEquals("SELECT c1_0.user_id, c1_0.product_id FROM shopping_carts c1_0 WHERE c1_0.user_id = ? "
                + "AND c1_0.quantity > ? FOR UPDATE", m.lockingSelect());
        assertEquals(List.of(0, 1), m.selectParams());
        assertEquals("shopping_carts", m.scopeTable().name());
        assertTrue(m.moves().isEmpty());
    }

    @Test
    void aFullRowUpdateTakesOnlyTheWhereParametersAndKnowsWhereKeyColumnsMove() throws Exception {
        var m = assertInstanceOf(CopyPlan.Matched.class, planner.plan(
                "update orders set created_at=?,status=?,total_amount=?,updated_at=?,user_id=? where id=?"));
        assertEquals("SELECT orders.user_id, orders.created_at, orders.id FROM orders WHERE id = ? FOR UPDATE",
                m.lockingSelect());
        assertEquals(List.of(5), m.selectParams());
        List<Object> params = List.of(java.sql.Timestamp.valueOf("2026-01-02 03:04:05.678"), "paid",
                new BigDecimal("9.50"), java.sql.Timestamp.valueOf("2026-01-02 03:04:05.678"), 8L, 42L);
        RowScope before = m.scopeOf(List.of(7L, java.sql.Timestamp.valueOf("2025-12-01 00:00:00"), 42L));
        RowScope after = m.movedTo(before, params);
        assertEquals(Map.of("user_id", 8L, "id", 42L), Map.of("user_id", after.columns().get("user_id"),
                "id", after.columns().get("id")));
        assertTrue(!after.columns().get("created_at").equals(before.columns().get("created_at")), after.describe());
    }

    @Test
    void aNonKeyUpdateSkipsTheSetParameters() {
        var m = assertInstanceOf(CopyPlan.Matched.class,
                planner.plan("UPDATE orders SET status = ?, updated_at = ? WHERE status = ? ORDER BY id LIMIT ?"));
        assertEquals("SELECT orders.user_id, orders.created_at, orders.id FROM orders WHERE status = ? ORDER BY id "
                + "LIMIT ? FOR UPDATE", m.lockingSelect());
        assertEquals(List.of(2, 3), m.selectParams());
        assertTrue(m.moves().isEmpty());
    }

    @Test
    void aChildRowIsFollowedByItsParentsKey() {
        var m = assertInstanceOf(CopyPlan.Matched.class,
                planner.plan("UPDATE order_items oi SET quantity = quantity + 1 WHERE oi.product_id = ?"));
        assertEquals("SELECT oi.order_id FROM order_items oi WHERE oi.product_id = ? FOR UPDATE", m.lockingSelect());
        assertEquals("orders", m.scopeTable().name());
        assertEquals(List.of("id"), m.scopeColumns());
    }

    @Test
    void anUpsertWithValuesNamesItsRows() throws Exception {
        var n = assertInstanceOf(CopyPlan.Named.class, planner.plan("INSERT INTO shopping_carts (user_id, product_id, "
                + "quantity, added_at) VALUES (?, ?, ?, NOW()), (?, 9, 1, NOW()) "
                + "ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)"));
        List<RowScope> scopes = n.scopes(List.of(3L, 5L, 2, 4L));
        assertEquals(List.of(new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)),
                new RowScope("shopping_carts", Map.of("user_id", 4L, "product_id", 9L))), scopes);
    }

    @Test
    void anInsertLeavingTheIdToMysqlReadsItsRowsBack() {
        var g = assertInstanceOf(CopyPlan.Generated.class, planner.plan("INSERT INTO orders (user_id, total_amount, "
                + "status, created_at, updated_at) VALUES (?, ?, 'new', NOW(), NOW())"));
        assertEquals(1, g.rows());
        assertEquals("SELECT user_id, created_at, id FROM orders WHERE id IN (?, ?)", g.selectFor(2));
    }

    @Test
    void whatCannotBeFollowedSaysWhy() {
        assertEquals("INSERT … SELECT is not supported", unknown("INSERT INTO shopping_carts (user_id, product_id, "
                + "quantity, added_at) SELECT user_id, 1, 1, NOW() FROM orders"));
        assertEquals("its ON DUPLICATE KEY UPDATE assigns key column product_id", unknown("INSERT INTO shopping_carts "
                + "(user_id, product_id, quantity, added_at) VALUES (?, ?, 1, NOW()) ON DUPLICATE KEY UPDATE product_id = 3"));
        assertEquals("it sets key column user_id to an expression",
                unknown("UPDATE shopping_carts SET user_id = user_id + 1 WHERE product_id = ?"));
        assertEquals("TRUNCATE is not followed", unknown("TRUNCATE TABLE shopping_carts"));
        assertEquals("the SQL parser cannot read it", unknown("UPDATE shopping_carts SET WHERE"));
    }

    @Test
    void statementsThatChangeNoMigratedRowNeedNothing() {
        assertInstanceOf(CopyPlan.Nothing.class, planner.plan("ALTER TABLE orders ADD COLUMN note VARCHAR(20)"));
        assertInstanceOf(CopyPlan.Nothing.class, planner.plan("UPDATE products p JOIN shopping_carts c ON c.product_id "
                + "= p.id SET p.inventory = p.inventory - c.quantity WHERE c.user_id = ?"));
    }

    @Test
    void parametersInsideSubqueriesAreNeverMisplaced() {
        CopyPlan p = planner.plan("DELETE FROM shopping_carts WHERE user_id IN (SELECT id FROM users WHERE name = ?) "
                + "AND product_id = ?");
        if (p instanceof CopyPlan.Matched m) {
            assertEquals(List.of(0, 1), m.selectParams());
        } else {
            assertEquals("its parameters could not all be placed", ((CopyPlan.Unknown) p).reason());
        }
    }

    @Test
    void placeholdersAreCountedOutsideQuotesAndComments() {
        assertEquals(2, CopyPlanner.parameterCount("UPDATE t SET a = '?', b = ? /* ? */ WHERE c = \"?\" AND d = ? -- ?"));
    }

    private String unknown(String sql) {
        return assertInstanceOf(CopyPlan.Unknown.class, planner.plan(sql)).reason();
    }
}
