package com.acme.shop.web;

import com.acme.shop.ShopServer;
import com.acme.shop.TestDatabase;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.acme.shop.web.Browser.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API against the real shop server and a real MariaDB. */
class ShopApiTest {

    static TestDatabase db;
    static ShopServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("api");
        server = ShopServer.start(db.ds());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        db.close();
    }

    @BeforeEach
    void reset() throws Exception {
        db.reset();
    }

    Browser loggedIn(String user) throws Exception {
        Browser b = new Browser(server.baseUri());
        Browser.Reply r = b.apiLogin(user, user);
        assertEquals(200, r.status(), r.body());
        return b;
    }

    String snapshot() throws Exception {
        return db.dump("SELECT * FROM shopping_carts ORDER BY 1, 2") + "--\n"
                + db.dump("SELECT * FROM orders ORDER BY id") + "--\n"
                + db.dump("SELECT * FROM order_items ORDER BY 1, 2") + "--\n"
                + db.dump("SELECT id, inventory FROM products ORDER BY id");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> json, String key) {
        return (List<Map<String, Object>>) json.get(key);
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void shoppingFromLoginToCancelledOrder() throws Exception {
        Browser b = new Browser(server.baseUri());
        Browser.Reply login = b.apiLogin("customer1", "customer1");
        assertEquals(200, login.status());
        assertEquals(3L, num(login.json().get("userId")));

        Map<String, Object> products = b.json("GET", "/api/products?q=java", null).json();
        assertEquals(List.of("Effective Java", "Java Concurrency in Practice"),
                list(products, "products").stream().map(p -> p.get("name")).toList());
        Map<String, Object> product = b.json("GET", "/api/products/19", null).json();
        assertEquals("12.50", product.get("price"));
        assertEquals(10_000L, num(product.get("inventory")));
        assertEquals(20, list(b.json("GET", "/api/products", null).json(), "products").size());

        Map<String, Object> cart = b.json("GET", "/api/cart", null).json();
        assertEquals(0L, num(cart.get("count")));
        assertEquals("0.00", cart.get("total"));

        assertEquals(200, b.json("POST", "/api/cart/items", map("productId", 3, "quantity", 2)).status());
        b.json("POST", "/api/cart/items", map("productId", 19, "quantity", 1));
        cart = b.json("PUT", "/api/cart/items/19", map("quantity", 3)).json();
        assertEquals(5L, num(cart.get("count")));
        assertEquals(2L, num(cart.get("lineCount")));
        assertEquals("121.50", cart.get("total"));
        Map<String, Object> line = list(cart, "lines").get(1);
        assertEquals(19L, num(line.get("productId")));
        assertEquals("37.50", line.get("lineTotal"));
        assertEquals("12.50", line.get("price"));

        cart = b.json("DELETE", "/api/cart/items/19", null).json();
        assertEquals(2L, num(cart.get("count")));
        assertEquals("84.00", cart.get("total"));

        Browser.Reply checkout = b.json("POST", "/api/checkout", null);
        assertEquals(201, checkout.status(), checkout.body());
        long orderId = num(checkout.json().get("orderId"));
        assertEquals("84.00", checkout.json().get("total"));
        assertEquals(0L, num(b.json("GET", "/api/cart", null).json().get("count")));
        assertEquals(10_000 - 2, db.inventory(3));

        Map<String, Object> history = b.json("GET", "/api/orders", null).json();
        assertEquals(1L, num(history.get("count")));
        assertEquals(orderId, num(list(history, "orders").get(0).get("id")));

        Map<String, Object> order = b.json("GET", "/api/orders/" + orderId, null).json();
        assertEquals("pending", order.get("status"));
        assertEquals("84.00", order.get("total"));
        assertEquals(2L, num(list(order, "lines").get(0).get("quantity")));
        assertEquals("42.00", list(order, "lines").get(0).get("price"));

        Browser.Reply cancel = b.json("POST", "/api/orders/" + orderId + "/cancel", null);
        assertEquals(200, cancel.status());
        assertEquals("cancelled", cancel.json().get("status"));
        Browser.Reply again = b.json("POST", "/api/orders/" + orderId + "/cancel", null);
        assertEquals(409, again.status());
        assertTrue(((String) again.json().get("error")).contains("only pending orders"));

        assertEquals(200, b.json("POST", "/api/logout", null).status());
        assertEquals(401, b.json("GET", "/api/cart", null).status());
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() throws Exception {
        Browser b = loggedIn("admin");
        b.json("POST", "/api/cart/items", map("productId", 3, "quantity", 98));
        String before = snapshot();

        expect(404, "Unknown product 999", b.json("POST", "/api/cart/items", map("productId", 999, "quantity", 1)));
        expect(400, "between 1 and 99", b.json("POST", "/api/cart/items", map("productId", 4, "quantity", 0)));
        expect(400, "between 1 and 99", b.json("POST", "/api/cart/items", map("productId", 4, "quantity", -3)));
        expect(400, "between 1 and 99", b.json("POST", "/api/cart/items", map("productId", 4, "quantity", 100)));
        expect(400, "at most 99", b.json("POST", "/api/cart/items", map("productId", 3, "quantity", 2)));
        expect(400, "whole number", b.json("POST", "/api/cart/items", map("productId", 4, "quantity", "two")));
        expect(400, "whole number", b.json("POST", "/api/cart/items", map("productId", 4, "quantity", 1.5)));
        expect(400, "whole number", b.json("POST", "/api/cart/items", map("productId", 4)));
        expect(400, "Product id", b.json("POST", "/api/cart/items", map("productId", "abc", "quantity", 1)));
        expect(400, "Malformed JSON", b.json("POST", "/api/cart/items", "{\"productId\": 3,"));
        expect(400, "JSON object", b.json("POST", "/api/cart/items", "[1, 2]"));
        expect(400, "between 1 and 99", b.json("PUT", "/api/cart/items/3", map("quantity", 0)));
        expect(400, "between 1 and 99", b.json("PUT", "/api/cart/items/3", map("quantity", 100)));
        expect(404, "not in your cart", b.json("PUT", "/api/cart/items/4", map("quantity", 1)));
        expect(404, "not in your cart", b.json("DELETE", "/api/cart/items/4", null));
        expect(400, "Product id", b.json("DELETE", "/api/cart/items/x", null));
        expect(404, "Unknown product", b.json("GET", "/api/products/999", null));
        expect(400, "Product id", b.json("GET", "/api/products/abc", null));
        expect(404, "No such endpoint", b.json("GET", "/api/nothing", null));
        expect(405, "not allowed", b.json("GET", "/api/checkout", null));
        assertEquals(before, snapshot());

        // empty cart
        Browser empty = loggedIn("customer2");
        expect(400, "Your cart is empty", empty.json("POST", "/api/checkout", null));
        assertEquals(before, snapshot());

        // not logged in
        Browser anonymous = new Browser(server.baseUri());
        expect(401, "Not logged in", anonymous.json("GET", "/api/cart", null));
        expect(401, "Not logged in", anonymous.json("POST", "/api/cart/items", map("productId", 3, "quantity", 1)));
        expect(401, "Not logged in", anonymous.json("POST", "/api/checkout", null));
        expect(401, "Not logged in", anonymous.json("GET", "/api/orders", null));
        expect(401, "Wrong username or password", anonymous.apiLogin("admin", "nope"));
        expect(401, "Wrong username or password", anonymous.apiLogin("nobody", "nobody"));
        expect(400, "required", anonymous.json("POST", "/api/login", map("username", "admin")));
        assertEquals(200, anonymous.json("GET", "/api/products?q=mouse", null).status(), "catalogue is public");
        assertEquals(before, snapshot());
    }

    @Test
    void insufficientInventoryLeavesCartOrdersAndStockAsTheyWere() throws Exception {
        Browser b = loggedIn("admin");
        b.json("POST", "/api/cart/items", map("productId", 1, "quantity", 1));
        b.json("POST", "/api/cart/items", map("productId", 20, "quantity", 3));
        db.update("UPDATE products SET inventory = 2 WHERE id = 20");
        String before = snapshot();
        expect(409, "Not enough \"Camping Tent 2P\" in stock", b.json("POST", "/api/checkout", null));
        assertEquals(before, snapshot());
        assertEquals(2L, num(b.json("GET", "/api/cart", null).json().get("lineCount")));
    }

    @Test
    void someoneElsesOrderIsNotFound() throws Exception {
        Browser owner = loggedIn("customer1");
        owner.json("POST", "/api/cart/items", map("productId", 5, "quantity", 1));
        long orderId = num(owner.json("POST", "/api/checkout", null).json().get("orderId"));
        String before = snapshot();

        Browser other = loggedIn("customer2");
        Browser.Reply r = other.json("GET", "/api/orders/" + orderId, null);
        expect(404, "Order " + orderId + " not found", r);
        expect(404, "Order " + orderId + " not found", other.json("POST", "/api/orders/" + orderId + "/cancel", null));
        expect(404, "not found", other.json("GET", "/api/orders/987654", null));
        assertEquals(0L, num(other.json("GET", "/api/orders", null).json().get("count")));
        assertEquals(before, snapshot());
        assertEquals("pending", owner.json("GET", "/api/orders/" + orderId, null).json().get("status"));
    }

    @Test
    void databaseErrorsSurfaceAs500WithTheMessage() throws Exception {
        Browser b = loggedIn("admin");
        db.update("RENAME TABLE shopping_carts TO shopping_carts_away");
        try {
            Browser.Reply r = b.json("GET", "/api/cart", null);
            assertEquals(500, r.status(), r.body());
            assertTrue(((String) r.json().get("error")).contains("shopping_carts"), r.body());
            assertEquals("42S02", r.json().get("sqlState"));
            Browser.Reply page = b.get("/cart");
            assertEquals(500, page.status());
            assertTrue(page.body().contains("database error"), page.body());
        } finally {
            db.update("RENAME TABLE shopping_carts_away TO shopping_carts");
        }
        assertEquals(200, b.json("GET", "/api/cart", null).status());
    }

    @Test
    void healthAndStatic() throws Exception {
        Browser b = new Browser(server.baseUri());
        Browser.Reply health = b.get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().get("status"));
        Browser.Reply css = b.get("/static/shop.css");
        assertEquals(200, css.status());
        assertTrue(css.contentType().startsWith("text/css"));
        assertEquals(404, b.get("/static/../schema.sql").status());
        assertNotNull(server.baseUri());
    }

    static void expect(int status, String messagePart, Browser.Reply r) {
        assertEquals(status, r.status(), r.body());
        Object error = r.json().get("error");
        assertTrue(error instanceof String s && s.contains(messagePart),
                "error '" + error + "' should contain '" + messagePart + "'");
    }
}
