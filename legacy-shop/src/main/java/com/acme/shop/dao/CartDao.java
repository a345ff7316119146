package com.acme.shop.dao;

import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.CartSummary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Shopping cart lines (table shopping_carts). */
public class CartDao {

    static final String ADD =
            "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE quantity = quantity + ?";
    static final String QUANTITY =
            "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    static final String SET_QUANTITY =
            "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?";
    static final String REMOVE =
            "DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    static final String CLEAR =
            "DELETE FROM shopping_carts WHERE user_id = ?";
    static final String LINES =
            "SELECT c.product_id, c.quantity, c.added_at, p.name, p.price FROM shopping_carts c "
            + "JOIN products p ON p.id = c.product_id WHERE c.user_id = ? ORDER BY c.added_at, c.product_id";
    static final String SUMMARY =
            "SELECT COUNT(*) AS line_count, SUM(quantity) AS item_count FROM shopping_carts WHERE user_id = ?";

    private final DataSource dataSource;

    public CartDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds {@code quantity} of a product, or adds to the quantity already in the cart. */
    public void add(long userId, long productId, int quantity, Timestamp addedAt) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(ADD)) {
            ps.setLong(1, userId);
            ps.setLong(2, productId);
            ps.setInt(3, quantity);
            ps.setTimestamp(4, addedAt);
            ps.setInt(5, quantity);
            ps.executeUpdate();
        }
    }

    /** The quantity of one line, or null when the product is not in the cart. */
    public Integer quantity(long userId, long productId) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(QUANTITY)) {
            ps.setLong(1, userId);
            ps.setLong(2, productId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt("quantity") : null;
            }
        }
    }

    /** Sets the quantity of a line; returns the update count (0 when the line does not exist). */
    public int setQuantity(long userId, long productId, int quantity) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(SET_QUANTITY)) {
            ps.setInt(1, quantity);
            ps.setLong(2, userId);
            ps.setLong(3, productId);
            return ps.executeUpdate();
        }
    }

    /** Removes one line; returns the update count. */
    public int remove(long userId, long productId) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(REMOVE)) {
            ps.setLong(1, userId);
            ps.setLong(2, productId);
            return ps.executeUpdate();
        }
    }

    /** Empties the cart inside the caller's transaction (checkout). */
    public int clear(Connection con, long userId) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(CLEAR)) {
            ps.setLong(1, userId);
            return ps.executeUpdate();
        }
    }

    public Cart cart(long userId) throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            return cart(con, userId);
        }
    }

    /** The cart's lines joined with the products' names and current prices. */
    public Cart cart(Connection con, long userId) throws SQLException {
        List<CartLine> lines = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement(LINES)) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new CartLine(
                            rs.getLong("product_id"),
                            rs.getInt("quantity"),
                            rs.getTimestamp("added_at"),
                            rs.getString("name"),
                            rs.getBigDecimal("price")));
                }
            }
        }
        return new Cart(lines);
    }

    /** The badge: number of lines and number of items. */
    public CartSummary summary(long userId) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(SUMMARY)) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return CartSummary.EMPTY;
                }
                return new CartSummary(rs.getLong("line_count"), rs.getLong("item_count"));
            }
        }
    }
}
