package dev.shift.bench;

import com.acme.shop.dao.CartDao;
import com.acme.shop.dao.CheckoutService;
import com.acme.shop.dao.Db;
import com.acme.shop.dao.OrderDao;
import com.acme.shop.dao.ProductDao;
import com.acme.shop.model.Order;

import javax.sql.DataSource;

/** The shop's own DAOs over a DataSource: with Shift attached to the JVM, this is exactly the shop's JDBC traffic. */
final class ShopDaoOps implements ShopOps {

    final CartDao carts;
    final OrderDao orders;
    final CheckoutService checkout;

    ShopDaoOps(DataSource ds) {
        carts = new CartDao(ds);
        orders = new OrderDao(ds);
        checkout = new CheckoutService(ds, carts, orders, new ProductDao(ds));
    }

    public void add(long user, long product, int quantity) throws Exception {
        carts.add(user, product, quantity, Db.now());
    }

    public void setQuantity(long user, long product, int quantity) throws Exception {
        carts.setQuantity(user, product, quantity);
    }

    public Object quantity(long user, long product) throws Exception {
        return carts.quantity(user, product);
    }

    public Object cart(long user) throws Exception {
        return carts.cart(user);
    }

    public Object summary(long user) throws Exception {
        return carts.summary(user);
    }

    public void remove(long user, long product) throws Exception {
        carts.remove(user, product);
    }

    public long checkout(long user) throws Exception {
        return checkout.checkout(user).id();
    }

    public Object history(long user) throws Exception {
        return orders.history(user, 10);
    }

    public long count(long user) throws Exception {
        return orders.count(user);
    }

    public Object order(long orderId) throws Exception {
        return orders.findById(orderId);
    }

    public Object lines(long orderId) throws Exception {
        return orders.lines(orderId);
    }

    public void cancel(long orderId, long user) throws Exception {
        orders.updateStatus(orderId, user, Order.PENDING, Order.CANCELLED, Db.now());
    }
}
