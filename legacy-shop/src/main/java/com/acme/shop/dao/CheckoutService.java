package com.acme.shop.dao;

import com.acme.shop.ShopException;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.Order;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkout: turns the user's cart into a pending order in ONE transaction: read the cart, take the
 * inventory (refused if any product has too little), insert the order and its lines, empty the cart,
 * commit. Any failure rolls everything back: no order, cart intact, inventory intact.
 */
public class CheckoutService {

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);
    private static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final CartDao cartDao;
    private final OrderDao orderDao;
    private final ProductDao productDao;

    public CheckoutService(DataSource dataSource, CartDao cartDao, OrderDao orderDao, ProductDao productDao) {
        this.dataSource = dataSource;
        this.cartDao = cartDao;
        this.orderDao = orderDao;
        this.productDao = productDao;
    }

    /** Places the order; returns it (status pending). */
    public Order checkout(long userId) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return checkoutOnce(userId);
            } catch (SQLException e) {
                // Deadlock / serialization failure: the transaction was rolled back; try again.
                if (attempt < MAX_ATTEMPTS && "40001".equals(e.getSQLState())) {
                    log.warn("Checkout for user {} rolled back by the database (SQLState {}), retrying",
                            userId, e.getSQLState());
                    continue;
                }
                throw e;
            }
        }
    }

    private Order checkoutOnce(long userId) throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try {
                Order order = placeOrder(con, userId);
                con.commit();
                return order;
            } catch (SQLException | RuntimeException e) {
                rollback(con, e);
                throw e;
            } finally {
                restoreAutoCommit(con);
            }
        }
    }

    private Order placeOrder(Connection con, long userId) throws SQLException {
        Cart cart = cartDao.cart(con, userId);
        if (cart.isEmpty()) {
            throw ShopException.badInput("Your cart is empty.");
        }
        // Take stock in product id order so concurrent checkouts lock rows in the same order.
        List<CartLine> byProduct = new ArrayList<>(cart.lines());
        byProduct.sort(Comparator.comparingLong(CartLine::productId));
        for (CartLine line : byProduct) {
            if (!productDao.takeInventory(con, line.productId(), line.quantity())) {
                throw ShopException.conflict("Not enough \"" + line.name() + "\" in stock for "
                        + line.quantity() + "; your cart was not changed.");
            }
        }
        BigDecimal total = cart.total();
        Timestamp now = Db.now();
        long orderId = orderDao.insert(con, userId, total, Order.PENDING, now, now);
        orderDao.insertItems(con, orderId, cart.lines());
        cartDao.clear(con, userId);
        return new Order(orderId, userId, total, Order.PENDING, now, now);
    }

    private static void restoreAutoCommit(Connection con) {
        try {
            con.setAutoCommit(true);
        } catch (SQLException e) {
            // the transaction itself is settled; the pool discards a broken connection
            log.warn("Cannot restore auto-commit after checkout (SQLState {}): {}", e.getSQLState(), e.getMessage(), e);
        }
    }

    private static void rollback(Connection con, Exception cause) {
        try {
            con.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            log.error("Rollback failed (SQLState {})", e.getSQLState(), e);
        }
    }
}
