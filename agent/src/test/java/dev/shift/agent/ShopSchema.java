package dev.shift.agent;

import java.sql.SQLException;
import java.sql.Statement;

/** The shop's tables as docs/shop-sql.md gives them, for tests that need them in a private database. */
public final class ShopSchema {

    private ShopSchema() {
    }

    /** shopping_carts, orders and order_items: the tables Shift migrates. */
    public static void createMigratedTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE shopping_carts (user_id BIGINT NOT NULL, product_id BIGINT NOT NULL, "
                + "quantity INT NOT NULL, added_at DATETIME(3) NOT NULL, PRIMARY KEY (user_id, product_id))");
        st.execute("CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, "
                + "total_amount DECIMAL(12,2) NOT NULL, status VARCHAR(16) NOT NULL, created_at DATETIME(3) NOT NULL, "
                + "updated_at DATETIME(3) NOT NULL, KEY idx_orders_user_created (user_id, created_at))");
        st.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL, product_id BIGINT NOT NULL, "
                + "quantity INT NOT NULL, price_at_time DECIMAL(10,2) NOT NULL, PRIMARY KEY (order_id, product_id))");
    }

    /** products, a table that stays in MySQL (the other side of the cart and order-line joins); empty. */
    public static void createProducts(Statement st) throws SQLException {
        st.execute("CREATE TABLE products (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                + "price DECIMAL(10,2) NOT NULL, inventory INT NOT NULL)");
    }
}
