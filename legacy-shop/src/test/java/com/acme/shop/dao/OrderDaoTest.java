package com.acme.shop.dao;

import com.acme.shop.TestDatabase;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderLine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** O1-O7 of docs/shop-sql.md against a real MariaDB. */
class OrderDaoTest {

    static TestDatabase db;
    static OrderDao orders;

    static final long ADMIN = 1;
    static final long CUSTOMER = 3;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("orderdao");
        orders = new OrderDao(db.ds());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void reset() throws Exception {
        db.reset();
    }

    static Timestamp ts(String text) {
        return Timestamp.valueOf(text);
    }

    long insert(long userId, String total, String status, String created) throws Exception {
        try (Connection con = db.ds().getConnection()) {
            return orders.insert(con, userId, new BigDecimal(total), status, ts(created), ts(created));
        }
    }

    @Test
    void o1ReturnsTheGeneratedIdsInSequence() throws Exception {
        long first = insert(ADMIN, "10.00", Order.PENDING, "2026-01-01 10:00:00");
        long second = insert(ADMIN, "20.00", Order.PENDING, "2026-01-01 11:00:00");
        assertTrue(first > 0);
        assertEquals(first + 1, second);
        Order o = orders.findById(first);
        assertEquals(new BigDecimal("10.00"), o.totalAmount());
        assertEquals(ADMIN, o.userId());
        assertEquals(Order.PENDING, o.status());
        assertEquals(ts("2026-01-01 10:00:00"), o.createdAt());
        assertEquals(ts("2026-01-01 10:00:00"), o.updatedAt());
    }

    @Test
    void o2InsertsAllLinesAsOneBatchAndO6ReadsThemWithNames() throws Exception {
        long id = insert(ADMIN, "123.49", Order.PENDING, "2026-01-01 10:00:00");
        try (Connection con = db.ds().getConnection()) {
            orders.insertItems(con, id, List.of(
                    new CartLine(7, 2, ts("2026-01-01 09:00:00"), "USB-C Hub 7-in-1", new BigDecimal("34.99")),
                    new CartLine(3, 1, ts("2026-01-01 09:00:00"), "Effective Java", new BigDecimal("42.00")),
                    new CartLine(19, 1, ts("2026-01-01 09:00:00"), "Water Bottle 750ml", new BigDecimal("11.51"))));
        }
        List<OrderLine> lines = orders.lines(id);
        assertEquals(3, lines.size());
        assertEquals(List.of(3L, 7L, 19L), lines.stream().map(OrderLine::productId).toList(), "ORDER BY product_id");
        assertEquals(new OrderLine(7, 2, new BigDecimal("34.99"), "USB-C Hub 7-in-1"), lines.get(1));
        assertEquals(new BigDecimal("11.51"), lines.get(2).priceAtTime(), "price at the time, not today's price");
        assertEquals(new BigDecimal("69.98"), lines.get(1).lineTotal());
        assertTrue(orders.lines(id + 1).isEmpty());
    }

    @Test
    void o3ListsNewestFirstWithLimitAndO4Counts() throws Exception {
        long a = insert(ADMIN, "1.00", Order.COMPLETED, "2025-03-01 10:00:00");
        long b = insert(ADMIN, "2.00", Order.PENDING, "2026-03-01 10:00:00");
        long c = insert(ADMIN, "3.00", Order.CANCELLED, "2025-09-01 10:00:00");
        insert(CUSTOMER, "4.00", Order.PENDING, "2026-06-01 10:00:00");
        List<Order> all = orders.history(ADMIN, 10);
        assertEquals(List.of(b, c, a), all.stream().map(Order::id).toList());
        assertEquals(List.of(b, c), orders.history(ADMIN, 2).stream().map(Order::id).toList());
        assertEquals(3, orders.count(ADMIN));
        assertEquals(1, orders.count(CUSTOMER));
        assertEquals(0, orders.count(4));
        assertTrue(orders.history(4, 10).isEmpty());
        Order cancelled = all.get(1);
        assertEquals(Order.CANCELLED, cancelled.status());
        assertEquals(new BigDecimal("3.00"), cancelled.totalAmount());
    }

    @Test
    void o5FindsAnyOrderByIdOrNull() throws Exception {
        long id = insert(CUSTOMER, "4.00", Order.PENDING, "2026-06-01 10:00:00");
        assertEquals(CUSTOMER, orders.findById(id).userId(), "O5 does not filter by user: the caller checks");
        assertNull(orders.findById(id + 1000));
    }

    @Test
    void o7CancelsOnlyAPendingOrderOfThatUser() throws Exception {
        long pending = insert(ADMIN, "5.00", Order.PENDING, "2026-06-01 10:00:00");
        long completed = insert(ADMIN, "5.00", Order.COMPLETED, "2026-06-01 11:00:00");
        Timestamp now = ts("2026-06-02 08:00:00");
        assertEquals(0, orders.updateStatus(pending, CUSTOMER, Order.PENDING, Order.CANCELLED, now), "not theirs");
        assertEquals(0, orders.updateStatus(completed, ADMIN, Order.PENDING, Order.CANCELLED, now), "not pending");
        assertEquals(Order.COMPLETED, orders.findById(completed).status());
        assertEquals(1, orders.updateStatus(pending, ADMIN, Order.PENDING, Order.CANCELLED, now));
        Order o = orders.findById(pending);
        assertEquals(Order.CANCELLED, o.status());
        assertEquals(now, o.updatedAt());
        assertEquals(ts("2026-06-01 10:00:00"), o.createdAt());
        assertEquals(0, orders.updateStatus(pending, ADMIN, Order.PENDING, Order.CANCELLED, now), "already cancelled");
    }
}
