package com.acme.shop.dao;

import com.acme.shop.model.Category;
import com.acme.shop.model.Product;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The catalogue (tables products, categories). */
public class ProductDao {

    private static final String COLUMNS =
            "SELECT p.id, p.category_id, c.name AS category_name, p.seller_id, p.name, p.description, p.price, "
            + "p.inventory FROM products p JOIN categories c ON c.id = p.category_id ";
    static final String SEARCH = COLUMNS + "WHERE p.name LIKE ? ORDER BY p.name, p.id LIMIT ?";
    static final String SEARCH_IN_CATEGORY =
            COLUMNS + "WHERE p.name LIKE ? AND p.category_id = ? ORDER BY p.name, p.id LIMIT ?";
    static final String BY_ID = COLUMNS + "WHERE p.id = ?";
    static final String CATEGORIES = "SELECT id, name, description FROM categories ORDER BY name";
    static final String TAKE_INVENTORY =
            "UPDATE products SET inventory = inventory - ? WHERE id = ? AND inventory >= ?";

    private final DataSource dataSource;

    public ProductDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Products whose name contains {@code text} (all products for an empty text), optionally in one category. */
    public List<Product> search(String text, Long categoryId, int limit) throws SQLException {
        String pattern = Db.likeContains(text == null ? "" : text.trim());
        List<Product> products = new ArrayList<>();
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(categoryId == null ? SEARCH : SEARCH_IN_CATEGORY)) {
            int i = 1;
            ps.setString(i++, pattern);
            if (categoryId != null) {
                ps.setLong(i++, categoryId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    products.add(read(rs));
                }
            }
        }
        return products;
    }

    public Product findById(long id) throws SQLException {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(BY_ID)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    public List<Category> categories() throws SQLException {
        List<Category> categories = new ArrayList<>();
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(CATEGORIES);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                categories.add(new Category(rs.getLong("id"), rs.getString("name"), rs.getString("description")));
            }
        }
        return categories;
    }

    /**
     * Takes {@code quantity} units out of stock inside the caller's transaction.
     * Returns false (nothing changed) when fewer than {@code quantity} are left.
     */
    public boolean takeInventory(Connection con, long productId, int quantity) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(TAKE_INVENTORY)) {
            ps.setInt(1, quantity);
            ps.setLong(2, productId);
            ps.setInt(3, quantity);
            return ps.executeUpdate() == 1;
        }
    }

    private static Product read(ResultSet rs) throws SQLException {
        return new Product(
                rs.getLong("id"),
                rs.getLong("category_id"),
                rs.getString("category_name"),
                rs.getLong("seller_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getBigDecimal("price"),
                rs.getInt("inventory"));
    }
}
