package com.acme.shop.dao;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.TestDatabase;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderDetails;

import java.math.BigDecimal;
import java.sql.Timestamp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkout transaction and the cart/order rules built on the DAOs. */
class CheckoutServiceTest {

    static TestDatabase db;
    static ShopApp app;

    static final long ADMIN = 1;
    static final long CUSTOMER = 3;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("checkout");
        app = new ShopApp(db.ds());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void reset() throws Exception {
        db.reset();
    }

    String snapshot() throws Exception {
        return db.dump("SELECT user_id, product_id, quantity, added_at FROM shopping_carts ORDER BY 1, 2")
                + "--\n" + db.dump("SELECT * FROM orders ORDER BY id")
                + "--\n" + db.dump("SELECT * FROM order_items ORDER BY 1, 2")
                + "--\n" + db.dump("SELECT id, inventory FROM products ORDER BY id");
    }

    @Test
    void checkoutPlacesTheOrderTakesStockAndEmptiesTheCartInOneGo() throws Exception {
        app.cart.add(ADMIN, 3, 2);      // 2 x 42.00
        app.cart.add(ADMIN, 19, 3);     // 3 x 12.50
        app.cart.add(CUSTOMER, 3, 1);   // someone else's cart is left alone
        long before = System.currentTimeMillis() - 1;
        Order order = app.checkout.checkout(ADMIN);

        assertEquals(new BigDecimal("121.50"), order.totalAmount());
        assertEquals(Order.PENDING, order.status());
        assertTrue(order.createdAt().getTime() >= before - 1000);
        assertEquals(0, order.createdAt().getNanos() % 1_000_000, "truncated to milliseconds");
        OrderDetails stored = app.orders.details(ADMIN, order.id());
        assertEquals(new BigDecimal("121.50"), stored.order().totalAmount());
        assertEquals(2, stored.lines().size());
        assertEquals(new BigDecimal("42.00"), stored.lines().get(0).priceAtTime());
        assertEquals(5, stored.itemCount());
        assertEquals(10_000 - 2, db.inventory(3));
        assertEquals(10_000 - 3, db.inventory(19));
        assertTrue(app.cart.cart(ADMIN).isEmpty());
        assertEquals(1, app.cart.cart(CUSTOMER).lines().size());
        assertEquals(1, app.orders.count(ADMIN));
    }

    @Test
    void checkoutOfAnEmptyCartIsRefusedAndChangesNothing() throws Exception {
        app.cart.add(CUSTOMER, 3, 1);
        String before = snapshot();
        ShopException e = assertThrows(ShopException.class, () -> app.checkout.checkout(ADMIN));
        assertEquals(ShopException.Kind.BAD_INPUT, e.kind());
        assertEquals("Your cart is empty.", e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void insufficientInventoryRollsEverythingBack() throws Exception {
        app.cart.add(ADMIN, 2, 1);
        app.cart.add(ADMIN, 8, 5);
        app.cart.add(ADMIN, 17, 1);
        db.update("UPDATE products SET inventory = 4 WHERE id = 8");
        String before = snapshot();

        ShopException e = assertThrows(ShopException.class, () -> app.checkout.checkout(ADMIN));
        assertEquals(ShopException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("Noise-Cancelling Headphones"), e.getMessage());
        // product 2 was decremented before product 8 failed: the rollback must have undone it
        assertEquals(before, snapshot());
        assertEquals(10_000, db.inventory(2));
        assertEquals(3, app.cart.cart(ADMIN).lines().size());
        assertEquals(0, db.count("SELECT COUNT(*) FROM orders"));

        // with enough stock the same cart goes through, taking the last units
        db.update("UPDATE products SET inventory = 5 WHERE id = 8");
        Order order = app.checkout.checkout(ADMIN);
        assertEquals(0, db.inventory(8));
        assertEquals(3, app.orders.details(ADMIN, order.id()).lines().size());
    }

    @Test
    void aFailureAfterTheOrderInsertRollsBackTheOrderToo() throws Exception {
        app.cart.add(ADMIN, 3, 1);
        // a cart line whose product has vanished from the join cannot fail... so make O2 fail instead:
        // a duplicate (order_id, product_id) in order_items for the id the next order will get.
        long nextId = db.count("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = 'orders'", db.name);
        db.update("INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, 3, 1, 1.00)",
                nextId);
        String before = snapshot();
        assertThrows(java.sql.SQLException.class, () -> app.checkout.checkout(ADMIN));
        assertEquals(before, snapshot(), "order, stock and cart as before");
    }

    @Test
    void cartRulesRefuseBadQuantitiesAndUnknownProducts() throws Exception {
        String before = snapshot();
        assertEquals(ShopException.Kind.BAD_INPUT, assertThrows(ShopException.class, () -> app.cart.add(ADMIN, 3, 0)).kind());
        assertEquals(ShopException.Kind.BAD_INPUT, assertThrows(ShopException.class, () -> app.cart.add(ADMIN, 3, -2)).kind());
        assertEquals(ShopException.Kind.BAD_INPUT, assertThrows(ShopException.class, () -> app.cart.add(ADMIN, 3, 100)).kind());
        assertEquals(ShopException.Kind.NOT_FOUND, assertThrows(ShopException.class, () -> app.cart.add(ADMIN, 999, 1)).kind());
        assertEquals(before, snapshot());

        app.cart.add(ADMIN, 3, 98);
        ShopException tooMany = assertThrows(ShopException.class, () -> app.cart.add(ADMIN, 3, 2));
        assertTrue(tooMany.getMessage().contains("at most 99"), tooMany.getMessage());
        app.cart.add(ADMIN, 3, 1);
        assertEquals(99, app.cart.cart(ADMIN).line(3).quantity());

        assertThrows(ShopException.class, () -> app.cart.setQuantity(ADMIN, 3, 0));
        assertThrows(ShopException.class, () -> app.cart.setQuantity(ADMIN, 3, 100));
        assertEquals(ShopException.Kind.NOT_FOUND,
                assertThrows(ShopException.class, () -> app.cart.setQuantity(ADMIN, 4, 1)).kind());
        assertEquals(ShopException.Kind.NOT_FOUND,
                assertThrows(ShopException.class, () -> app.cart.remove(ADMIN, 4)).kind());
        app.cart.setQuantity(ADMIN, 3, 1);
        assertEquals(1, app.cart.cart(ADMIN).line(3).quantity());
        app.cart.remove(ADMIN, 3);
        assertTrue(app.cart.cart(ADMIN).isEmpty());
    }

    @Test
    void someoneElsesOrderIsNotFoundAndCannotBeCancelled() throws Exception {
        app.cart.add(CUSTOMER, 3, 1);
        Order theirs = app.checkout.checkout(CUSTOMER);
        String before = snapshot();
        ShopException e = assertThrows(ShopException.class, () -> app.orders.details(ADMIN, theirs.id()));
        assertEquals(ShopException.Kind.NOT_FOUND, e.kind());
        assertEquals("Order " + theirs.id() + " not found.", e.getMessage());
        assertEquals(ShopException.Kind.NOT_FOUND,
                assertThrows(ShopException.class, () -> app.orders.cancel(ADMIN, theirs.id())).kind());
        assertEquals(ShopException.Kind.NOT_FOUND,
                assertThrows(ShopException.class, () -> app.orders.details(ADMIN, 424242)).kind());
        assertEquals(before, snapshot());
    }

    @Test
    void onlyAPendingOrderCanBeCancelled() throws Exception {
        app.cart.add(ADMIN, 3, 1);
        Order order = app.orders.order(ADMIN, app.checkout.checkout(ADMIN).id());
        app.orders.cancel(ADMIN, order.id());
        Order cancelled = app.orders.order(ADMIN, order.id());
        assertEquals(Order.CANCELLED, cancelled.status());
        assertEquals(order.createdAt(), cancelled.createdAt());
        assertTrue(!cancelled.updatedAt().before(order.updatedAt()));

        ShopException again = assertThrows(ShopException.class, () -> app.orders.cancel(ADMIN, order.id()));
        assertEquals(ShopException.Kind.CONFLICT, again.kind());

        app.cart.add(ADMIN, 4, 1);
        Order other = app.checkout.checkout(ADMIN);
        db.update("UPDATE orders SET status = 'completed' WHERE id = ?", other.id());
        String before = snapshot();
        assertEquals(ShopException.Kind.CONFLICT,
                assertThrows(ShopException.class, () -> app.orders.cancel(ADMIN, other.id())).kind());
        assertEquals(before, snapshot());
        assertEquals(Timestamp.class, cancelled.createdAt().getClass());
    }

    @Test
    void concurrentCheckoutsNeverOversell() throws Exception {
        // ten customers each want 1 of product 20, of which 4 are left
        for (int i = 0; i < 10; i++) {
            db.update("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (?, ?, ?, 'x', NOW(3))",
                    100 + i, "buyer" + i, "buyer" + i + "@example.com");
            app.cart.add(100 + i, 20, 1);
            app.cart.add(100 + i, 1 + i, 1);
        }
        db.update("UPDATE products SET inventory = 4 WHERE id = 20");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long user = 100 + i;
            results.add(pool.submit(() -> {
                try {
                    app.checkout.checkout(user);
                    return true;
                } catch (ShopException e) {
                    return false;
                }
            }));
        }
        int placed = 0;
        for (var f : results) {
            placed += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(4, placed);
        assertEquals(0, db.inventory(20));
        assertEquals(4, db.count("SELECT COUNT(*) FROM orders"));
        assertEquals(8, db.count("SELECT COUNT(*) FROM order_items"));
        assertEquals(12, db.count("SELECT COUNT(*) FROM shopping_carts"), "6 refused carts kept both lines");
        assertEquals(10 * 10_000 - 4, db.count("SELECT SUM(inventory) FROM products WHERE id BETWEEN 1 AND 10"));
    }
}
