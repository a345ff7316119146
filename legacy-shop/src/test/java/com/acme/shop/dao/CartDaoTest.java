package com.acme.shop.dao;

import com.acme.shop.TestDatabase;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.CartSummary;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Timestamp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C1-C7 of docs/shop-sql.md against a real MariaDB. */
class CartDaoTest {

    static TestDatabase db;
    static CartDao carts;

    static final long ADMIN = 1;
    static final long CUSTOMER = 3;
    static final Timestamp T1 = Timestamp.valueOf("2026-11-26 17:40:01");
    static final Timestamp T2 = Timestamp.valueOf("2026-11-26 17:40:02");
    static final Timestamp T3 = Timestamp.valueOf("2026-11-26 17:40:03");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("cartdao");
        carts = new CartDao(db.ds());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void reset() throws Exception {
        db.reset();
    }

    @Test
    void c1AddsANewLineThenAddsToItsQuantity() throws Exception {
        carts.add(ADMIN, 5, 2, T1);
        assertEquals(2, carts.quantity(ADMIN, 5));
        carts.add(ADMIN, 5, 3, T2);
        assertEquals(5, carts.quantity(ADMIN, 5));
        // the upsert only touches quantity: added_at stays the first add's
        assertEquals(T1, carts.cart(ADMIN).lines().get(0).addedAt());
        assertEquals(1, db.count("SELECT COUNT(*) FROM shopping_carts"));
    }

    @Test
    void c2IsNullForALineThatIsNotThere() throws Exception {
        assertNull(carts.quantity(ADMIN, 5));
        carts.add(CUSTOMER, 5, 1, T1);
        assertNull(carts.quantity(ADMIN, 5), "another user's line is not mine");
        assertEquals(1, carts.quantity(CUSTOMER, 5));
    }

    @Test
    void c3SetsTheQuantityOfOneLineOnly() throws Exception {
        carts.add(ADMIN, 5, 2, T1);
        carts.add(ADMIN, 6, 2, T1);
        carts.add(CUSTOMER, 5, 2, T1);
        assertEquals(1, carts.setQuantity(ADMIN, 5, 7));
        assertEquals(7, carts.quantity(ADMIN, 5));
        assertEquals(2, carts.quantity(ADMIN, 6));
        assertEquals(2, carts.quantity(CUSTOMER, 5));
        assertEquals(0, carts.setQuantity(ADMIN, 9, 7), "no such line: update count 0");
    }

    @Test
    void c4RemovesOneLineOnly() throws Exception {
        carts.add(ADMIN, 5, 2, T1);
        carts.add(ADMIN, 6, 2, T1);
        carts.add(CUSTOMER, 5, 2, T1);
        assertEquals(1, carts.remove(ADMIN, 5));
        assertNull(carts.quantity(ADMIN, 5));
        assertEquals(2, carts.quantity(ADMIN, 6));
        assertEquals(2, carts.quantity(CUSTOMER, 5));
        assertEquals(0, carts.remove(ADMIN, 5));
    }

    @Test
    void c5EmptiesOneUsersCart() throws Exception {
        carts.add(ADMIN, 5, 2, T1);
        carts.add(ADMIN, 6, 2, T1);
        carts.add(CUSTOMER, 5, 2, T1);
        try (Connection con = db.ds().getConnection()) {
            assertEquals(2, carts.clear(con, ADMIN));
        }
        assertTrue(carts.cart(ADMIN).isEmpty());
        assertEquals(1, carts.cart(CUSTOMER).lines().size());
    }

    @Test
    void c6JoinsProductsInTheOrderLinesWereAdded() throws Exception {
        carts.add(ADMIN, 7, 1, T2);
        carts.add(ADMIN, 12, 2, T1);
        carts.add(ADMIN, 3, 3, T2);   // same added_at as 7: product_id breaks the tie
        carts.add(CUSTOMER, 1, 1, T1);
        Cart cart = carts.cart(ADMIN);
        assertEquals(3, cart.lines().size());
        assertEquals(12, cart.lines().get(0).productId());
        assertEquals(3, cart.lines().get(1).productId());
        assertEquals(7, cart.lines().get(2).productId());
        CartLine line = cart.lines().get(0);
        assertEquals("Bamboo Cutting Board", line.name());
        assertEquals(new BigDecimal("18.75"), line.price());
        assertEquals(2, line.quantity());
        assertEquals(T1, line.addedAt());
        assertEquals(new BigDecimal("37.50"), line.lineTotal());
        // 2 x 18.75 + 3 x 42.00 + 1 x 34.99
        assertEquals(new BigDecimal("198.49"), cart.total());
        assertEquals(6, cart.itemCount());
        assertTrue(carts.cart(4).isEmpty());
    }

    @Test
    void c7CountsLinesAndItems() throws Exception {
        assertEquals(CartSummary.EMPTY, carts.summary(ADMIN), "empty cart: COUNT 0, SUM NULL read as 0");
        carts.add(ADMIN, 5, 2, T1);
        carts.add(ADMIN, 6, 3, T3);
        carts.add(CUSTOMER, 5, 9, T1);
        assertEquals(new CartSummary(2, 5), carts.summary(ADMIN));
    }
}
