package com.acme.shop.dao;

import com.acme.shop.model.CartLine;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderLine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Orders and their lines (tables orders, order_items). */
public class OrderDao {

    static final String INSERT_ORDER =
            "INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
    static final String INSERT_ITEM =
            "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)";
    static final String HISTORY =
            "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders "
            + "WHERE user_id = ? ORDER BY created_at DESC LIMIT ?";
    static final String COUNT =
            "SELECT COUNT(*) FROM orders WHERE user_id = ?";
    static final String BY_ID =
            "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE id = ?";
    static final String LINES =
            "SELECT oi.product_id, oi.quantity, oi.price_at_time, p.name FROM order_items oi "
            + "JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ? ORDER BY oi.product_id";
    static final String UPDATE_STATUS =
            "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? AND status = ?";

    private final DataSource dataSource;

    public OrderDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts an order header inside the caller's transaction and returns its generated id. */
    public long insert(Connection con, long userId, BigDecimal total, String status, Timestamp createdAt,
                       Timestamp updatedAt) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(INSERT_ORDER, Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, userId);
            ps.setBigDecimal(2, total);
            ps.setString(3, status);
            ps.setTimestamp(4, createdAt);
            ps.setTimestamp(5, updatedAt);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("No generated key returned for the new order");
                }
                return keys.getLong(1);
            }
        }
    }

    /** Inserts one order line per cart line, as one JDBC batch, inside the caller's transaction. */
    public void insertItems(Connection con, long orderId, List<CartLine> lines) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(INSERT_ITEM)) {
            for (CartLine line : lines) {
                ps.setLong(1, orderId);
                ps.setLong(2, line.productId());
                ps.setInt(3, line.quantity());
                ps.setBigDecimal(4, line.price());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The user's most recent orders, newest first. */
    public List<Order> history(long userId, int limit) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(HISTORY)) {
            ps.setLong(1, userId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(read(rs));
                }
            }
        }
        return orders;
    }

    public long count(long userId) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(COUNT)) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The order with this id, whoever owns it, or null. Callers check the owner. */
    public Order findById(long orderId) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(BY_ID)) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    public List<OrderLine> lines(long orderId) throws SQLException {
        List<OrderLine> lines = new ArrayList<>();
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(LINES)) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new OrderLine(
                            rs.getLong("product_id"),
                            rs.getInt("quantity"),
                            rs.getBigDecimal("price_at_time"),
                            rs.getString("name")));
                }
            }
        }
        return lines;
    }

    /**
     * Moves an order of this user from {@code expectedStatus} to {@code newStatus}.
     * Returns the update count: 0 means refused (not this user's order, or not in the expected status).
     */
    public int updateStatus(long orderId, long userId, String expectedStatus, String newStatus,
                            Timestamp updatedAt) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(UPDATE_STATUS)) {
            ps.setString(1, newStatus);
            ps.setTimestamp(2, updatedAt);
            ps.setLong(3, orderId);
            ps.setLong(4, userId);
            ps.setString(5, expectedStatus);
            return ps.executeUpdate();
        }
    }

    private static Order read(ResultSet rs) throws SQLException {
        return new Order(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getBigDecimal("total_amount"),
                rs.getString("status"),
                rs.getTimestamp("created_at"),
                rs.getTimestamp("updated_at"));
    }
}
