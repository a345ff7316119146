package com.acme.shop.dao;

import com.acme.shop.ShopException;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderDetails;

import java.sql.SQLException;
import java.util.List;

/** Order history, order details and cancellation, for the logged-in user only. */
public class OrderService {

    private final OrderDao orderDao;

    public OrderService(OrderDao orderDao) {
        this.orderDao = orderDao;
    }

    public List<Order> history(long userId, int limit) throws SQLException {
        return orderDao.history(userId, limit);
    }

    public long count(long userId) throws SQLException {
        return orderDao.count(userId);
    }

    /** The user's order; someone else's order is "not found", like a missing one. */
    public Order order(long userId, long orderId) throws SQLException {
        Order order = orderDao.findById(orderId);
        if (order == null || order.userId() != userId) {
            throw ShopException.notFound("Order " + orderId + " not found.");
        }
        return order;
    }

    public OrderDetails details(long userId, long orderId) throws SQLException {
        Order order = order(userId, orderId);
        return new OrderDetails(order, orderDao.lines(orderId));
    }

    /** Cancels a pending order of this user. */
    public void cancel(long userId, long orderId) throws SQLException {
        Order order = order(userId, orderId);
        if (!order.isPending()) {
            throw ShopException.conflict("Order " + orderId + " is " + order.status()
                    + "; only pending orders can be cancelled.");
        }
        if (orderDao.updateStatus(orderId, userId, Order.PENDING, Order.CANCELLED, Db.now()) == 0) {
            throw ShopException.conflict("Order " + orderId + " is no longer pending; it was not cancelled.");
        }
    }
}
