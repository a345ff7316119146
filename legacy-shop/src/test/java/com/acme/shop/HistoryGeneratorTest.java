package com.acme.shop;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryGeneratorTest {

    static final Instant ANCHOR = Instant.parse("2026-11-26T00:00:00Z");
    static TestDatabase a;
    static TestDatabase b;

    @BeforeAll
    static void start() throws Exception {
        a = TestDatabase.create("history_a");
        b = TestDatabase.create("history_b");
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    static String everything(TestDatabase db) throws Exception {
        return db.dump("SELECT * FROM users WHERE id > 4 ORDER BY id")
                + db.dump("SELECT * FROM orders ORDER BY id")
                + db.dump("SELECT * FROM order_items ORDER BY order_id, product_id")
                + db.dump("SELECT * FROM shopping_carts ORDER BY user_id, product_id");
    }

    @Test
    void sameSeedSameRowsAndTheCountsAskedFor() throws Exception {
        a.reset();
        b.reset();
        HistoryGenerator.Result ra = new HistoryGenerator(a.ds(), 42).anchor(ANCHOR).generate(40, 600);
        HistoryGenerator.Result rb = new HistoryGenerator(b.ds(), 42).anchor(ANCHOR).generate(40, 600);
        assertEquals(everything(a), everything(b));
        assertEquals(ra.orderItems(), rb.orderItems());
        assertEquals(ra.cartLines(), rb.cartLines());

        assertEquals(40, ra.users());
        assertEquals(5, ra.firstUserId());
        assertEquals(600, ra.orders());
        assertEquals(44, a.count("SELECT COUNT(*) FROM users"));
        assertEquals(600, a.count("SELECT COUNT(*) FROM orders"));
        assertEquals(ra.firstOrderId(), a.count("SELECT MIN(id) FROM orders"));
        assertEquals(ra.orderItems(), a.count("SELECT COUNT(*) FROM order_items"));
        assertEquals(ra.cartLines(), a.count("SELECT COUNT(*) FROM shopping_carts"));
        assertTrue(ra.cartLines() > 0, "some carts");

        // 1-4 lines per order, totals match their lines, all within the two years before the anchor
        assertEquals(List.of(List.of(1L, 4L)), longs(a.rows(
                "SELECT MIN(n), MAX(n) FROM (SELECT COUNT(*) AS n FROM order_items GROUP BY order_id) x")));
        assertEquals(0, a.count("SELECT COUNT(*) FROM orders o WHERE total_amount <> "
                + "(SELECT SUM(quantity * price_at_time) FROM order_items i WHERE i.order_id = o.id)"));
        assertEquals(0, a.count("SELECT COUNT(*) FROM orders WHERE created_at >= '2026-11-26 00:00:00' "
                + "OR created_at < '2024-11-25 00:00:00' OR updated_at < created_at"));
        // created_at distinct per user, with milliseconds
        assertEquals(0, a.count("SELECT COUNT(*) FROM (SELECT user_id, created_at FROM orders "
                + "GROUP BY user_id, created_at HAVING COUNT(*) > 1) d"));
        assertTrue(a.count("SELECT COUNT(*) FROM orders WHERE MICROSECOND(created_at) > 0") > 500);
        // ids follow time
        assertEquals(0, a.count("SELECT COUNT(*) FROM orders o1 JOIN orders o2 ON o2.id = o1.id + 1 "
                + "WHERE o2.created_at < o1.created_at"));
        // statuses mixed
        assertEquals(3, a.count("SELECT COUNT(DISTINCT status) FROM orders"));
        assertTrue(a.count("SELECT COUNT(*) FROM orders WHERE status = 'completed'") > 400);
        // generated customers can log in
        String hash = (String) a.rows("SELECT password_hash FROM users WHERE id = 5").get(0).get(0);
        assertTrue(PasswordHasher.verify(HistoryGenerator.PASSWORD, hash));
        assertEquals("shopper5", a.rows("SELECT username FROM users WHERE id = 5").get(0).get(0));
    }

    @Test
    void anotherSeedOtherRowsAndASecondRunAppends() throws Exception {
        a.reset();
        b.reset();
        new HistoryGenerator(a.ds(), 1).anchor(ANCHOR).generate(10, 50);
        new HistoryGenerator(b.ds(), 2).anchor(ANCHOR).generate(10, 50);
        assertNotEquals(everything(a), everything(b));

        HistoryGenerator.Result more = new HistoryGenerator(a.ds(), 1).anchor(ANCHOR).generate(5, 20);
        assertEquals(15, more.firstUserId());
        assertEquals(19, a.count("SELECT COUNT(*) FROM users"));
        assertEquals(70, a.count("SELECT COUNT(*) FROM orders"));
    }

    @Test
    void biggerRunInChunks() throws Exception {
        a.reset();
        HistoryGenerator.Result r = new HistoryGenerator(a.ds(), 7).anchor(ANCHOR).progress(false).generate(1_500, 9_000);
        assertEquals(9_000, a.count("SELECT COUNT(*) FROM orders"));
        assertEquals(1_504, a.count("SELECT COUNT(*) FROM users"));
        assertEquals(r.orderItems(), a.count("SELECT COUNT(*) FROM order_items"));
        assertTrue(r.millis() < 30_000, "took " + r.millis() + " ms");
    }

    @Test
    void refusesOrdersWithoutUsers() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryGenerator(a.ds(), 1).generate(0, 5));
    }

    static List<List<Long>> longs(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> ((Number) v).longValue()).toList()).toList();
    }
}
