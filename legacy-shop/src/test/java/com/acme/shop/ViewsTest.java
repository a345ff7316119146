package com.acme.shop;

import com.acme.shop.dao.CartDao;
import com.acme.shop.dao.OrderDao;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.Order;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The key/value views (PK/SK per user) and millisecond timestamps. Uses MariaDB's own driver, which keeps
 * the milliseconds of a Timestamp parameter on every MariaDB version.
 */
class ViewsTest {

    static TestDatabase db;
    static final Timestamp T = Timestamp.valueOf("2026-11-26 17:40:00.123");
    static final Timestamp T_LATER = Timestamp.valueOf("2026-11-26 18:05:09.007");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("views", true, true);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void viewsShowEachUsersCartAndOrdersByKey() throws Exception {
        db.reset();
        CartDao carts = new CartDao(db.ds());
        OrderDao orders = new OrderDao(db.ds());
        carts.add(1, 5, 2, T);
        carts.add(1, 12, 1, T_LATER);
        carts.add(3, 5, 4, T);
        long orderId;
        try (Connection con = db.ds().getConnection()) {
            orderId = orders.insert(con, 1, new BigDecimal("103.99"), Order.PENDING, T, T_LATER);
            orders.insertItems(con, orderId, List.of(
                    new CartLine(3, 2, T, "Effective Java", new BigDecimal("42.00")),
                    new CartLine(5, 1, T, "Wireless Mouse", new BigDecimal("19.99"))));
        }

        assertEquals("USER#1|CART#12|1|2026-11-26 18:05:09.007|1|12\n"
                        + "USER#1|CART#5|2|2026-11-26 17:40:00.123|1|5\n",
                db.dump("SELECT PK, SK, quantity, CAST(added_at AS CHAR), user_id, product_id FROM user_cart_items_view "
                        + "WHERE PK = 'USER#1' ORDER BY SK"));

        String sk = "ORDER#2026-11-26T17:40:00.123#" + orderId;
        assertEquals("USER#1|" + sk + "|" + orderId + "|103.99|pending|2026-11-26 17:40:00.123|2026-11-26 18:05:09.007|3|2|1\n",
                db.dump("SELECT PK, SK, id, total_amount, status, CAST(created_at AS CHAR), CAST(updated_at AS CHAR), item_count, line_count, user_id "
                        + "FROM user_orders_view WHERE PK = 'USER#1'"));

        assertEquals("USER#1|" + sk + "|3|2|42.00\nUSER#1|" + sk + "|5|1|19.99\n",
                db.dump("SELECT PK, SK, product_id, quantity, price_at_time FROM user_order_items_view "
                        + "WHERE order_id = " + orderId + " ORDER BY product_id"));

        assertEquals("USER#1|CART#12|CART\nUSER#1|CART#5|CART\nUSER#1|" + sk + "|ORDER\n",
                db.dump("SELECT PK, SK, item_type FROM user_items_view WHERE PK = 'USER#1' ORDER BY SK"));
        assertEquals("USER#3|CART#5|CART\n",
                db.dump("SELECT PK, SK, item_type FROM user_items_view WHERE PK = 'USER#3' ORDER BY SK"));
    }

    @Test
    void orderSortKeyPadsMillisecondsAndSortsByTime() throws Exception {
        db.reset();
        db.update("INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES "
                + "(901, 2, 1.00, 'completed', '2025-01-02 03:04:05.000', '2025-01-02 03:04:05.000'), "
                + "(902, 2, 2.00, 'cancelled', '2025-01-02 03:04:05.050', '2025-01-02 03:04:05.050')");
        assertEquals("ORDER#2025-01-02T03:04:05.000#901\nORDER#2025-01-02T03:04:05.050#902\n",
                db.dump("SELECT SK FROM user_orders_view WHERE PK = 'USER#2' ORDER BY SK"));
        assertEquals("0|0\n", db.dump("SELECT item_count, line_count FROM user_orders_view WHERE id = 901"));
    }

    @Test
    void schemaCanBeAppliedAgain() throws Exception {
        Database.initSchema(db.ds());
        Seeder.seed(db.ds());
        assertEquals(4, db.count("SELECT COUNT(*) FROM users WHERE id <= 4"));
        assertEquals(20, db.count("SELECT COUNT(*) FROM products"));
        assertEquals(5, db.count("SELECT COUNT(*) FROM categories"));
    }

    /**
     * Connector/J keeps a Timestamp's milliseconds only if the server announces fractional-second support
     * (version 5.6.4+). MariaDB 10.x announces itself as "5.5.5-10.x", so Connector/J then sends whole seconds.
     */
    @Test
    void connectorJKeepsMillisecondsWhenTheServerAnnouncesSupport() throws Exception {
        try (TestDatabase cj = TestDatabase.create("views_cj", false, false);
             Connection con = cj.ds().getConnection()) {
            DatabaseMetaData md = con.getMetaData();
            String version = md.getDatabaseProductVersion();
            boolean announces = md.getDatabaseMajorVersion() > 5
                    || (md.getDatabaseMajorVersion() == 5 && md.getDatabaseMinorVersion() >= 6);
            assumeTrue(announces, "Connector/J sees server version " + version
                    + ": it drops fractional seconds of Timestamp parameters (use jdbc:mariadb://, or start MariaDB with --version=5.7.19-10.x-MariaDB)");
            new CartDao(cj.ds()).add(1, 5, 1, T);
            assertEquals("2026-11-26 17:40:00.123\n", cj.dump("SELECT added_at FROM shopping_carts"));
        }
    }
}
