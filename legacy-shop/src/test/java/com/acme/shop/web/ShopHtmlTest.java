package com.acme.shop.web;

import com.acme.shop.ShopServer;
import com.acme.shop.TestDatabase;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML pages, driven like a browser (forms, redirects, session cookie). */
class ShopHtmlTest {

    static TestDatabase db;
    static ShopServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create("html");
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
        Browser.Reply r = b.submit("/login", "username", user, "password", user);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("id=\"current-user\">" + user + "<"), r.body());
        return b;
    }

    static String find(String regex, String body) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertTrue(m.find(), "no match for " + regex + " in\n" + body);
        return m.group(1);
    }

    String cartAndStock() throws Exception {
        return db.dump("SELECT * FROM shopping_carts ORDER BY 1, 2") + "--\n"
                + db.dump("SELECT * FROM orders ORDER BY id") + "--\n"
                + db.dump("SELECT id, inventory FROM products ORDER BY id");
    }

    @Test
    void loginAddCheckoutHistoryDetailCancel() throws Exception {
        Browser anonymous = new Browser(server.baseUri());
        Browser.Reply catalogue = anonymous.get("/");
        assertEquals(200, catalogue.status());
        assertTrue(catalogue.body().contains("class=\"product-card\" data-product-id=\"3\""));
        assertTrue(catalogue.body().contains("id=\"nav-login\""));

        Browser.Reply gated = anonymous.get("/cart");
        assertEquals(303, gated.status());
        assertEquals("/login?next=%2Fcart", gated.location());

        Browser.Reply login = anonymous.get("/login");
        assertTrue(login.body().contains("id=\"username\""));
        assertTrue(login.body().contains("id=\"password\""));
        assertTrue(login.body().contains("id=\"login\""));
        Browser.Reply wrong = anonymous.submit("/login", "username", "customer1", "password", "nope");
        assertTrue(wrong.body().contains("Wrong username or password."), wrong.body());

        Browser b = anonymous;
        Browser.Reply welcome = b.submit("/login", "username", "customer1", "password", "customer1", "next", "/cart");
        assertEquals("/cart", welcome.path());
        assertTrue(welcome.body().contains("Welcome back, customer1!"));
        assertTrue(welcome.body().contains("id=\"cart-count\" class=\"badge\">0<"));

        Browser.Reply search = b.get("/products?q=java");
        assertTrue(search.body().contains("Effective Java"));
        assertFalse(search.body().contains("Yoga Mat"));

        Browser.Reply page = b.get("/products/3");
        assertTrue(page.body().contains("id=\"product-name\">Effective Java<"));
        assertTrue(page.body().contains("id=\"quantity\" name=\"quantity\""));
        assertTrue(page.body().contains("id=\"add-to-cart\""));

        Browser.Reply cart = b.submit("/cart/add", "productId", "3", "quantity", "2");
        assertEquals("/cart", cart.path());
        assertTrue(cart.body().contains("Added 2 \u00d7 Effective Java to your cart."), cart.body());
        assertTrue(cart.body().contains("<tr class=\"cart-line\" data-product-id=\"3\">"));
        assertTrue(cart.body().contains("id=\"cart-count\" class=\"badge\">2<"));
        assertTrue(cart.body().contains("id=\"cart-badge-total\">$84.00<"));
        assertTrue(cart.body().contains("id=\"checkout\""));

        b.submit("/cart/add", "productId", "19", "quantity", "1");
        cart = b.submit("/cart/update", "productId", "19", "quantity", "4");
        assertTrue(cart.body().contains("Quantity updated."));
        assertTrue(cart.body().contains("id=\"cart-total\">$134.00<"), cart.body());
        assertTrue(cart.body().contains("id=\"cart-count\" class=\"badge\">6<"));
        cart = b.submit("/cart/remove", "productId", "19");
        assertFalse(cart.body().contains("data-product-id=\"19\""));

        Browser.Reply confirmation = b.submit("/checkout");
        String orderId = find("id=\"order-id\">(\\d+)<", confirmation.body());
        assertEquals("/orders/" + orderId, confirmation.path());
        assertTrue(confirmation.body().contains("Thank you! Your order #" + orderId + " has been placed."));
        assertTrue(confirmation.body().contains("id=\"order-total\">$84.00<"));
        assertTrue(confirmation.body().contains("id=\"order-status\" class=\"order-status status-pending\">pending<"));
        assertTrue(confirmation.body().contains("<tr class=\"order-line\" data-product-id=\"3\">"));
        assertTrue(confirmation.body().contains("id=\"cart-count\" class=\"badge\">0<"));

        Browser.Reply history = b.get("/orders");
        assertTrue(history.body().contains("<tr class=\"order-row\" data-order-id=\"" + orderId + "\">"));
        assertTrue(history.body().contains("id=\"order-count\">1<"));

        Browser.Reply cancelled = b.submit("/orders/" + orderId + "/cancel");
        assertTrue(cancelled.body().contains("Order #" + orderId + " has been cancelled."));
        assertTrue(cancelled.body().contains("status-cancelled\">cancelled<"));
        assertFalse(cancelled.body().contains("id=\"cancel-order\""));
        Browser.Reply again = b.submit("/orders/" + orderId + "/cancel");
        assertTrue(again.body().contains("only pending orders can be cancelled"), again.body());

        Browser other = loggedIn("customer2");
        assertEquals(404, other.get("/orders/" + orderId).status());
        assertEquals(404, other.post("/orders/" + orderId + "/cancel").status());

        Browser.Reply out = b.submit("/logout");
        assertTrue(out.body().contains("You have been logged out."));
        assertEquals(303, b.get("/orders").status());
    }

    @Test
    void badFormInputShowsAMessageAndChangesNothing() throws Exception {
        Browser b = loggedIn("customer1");
        b.submit("/cart/add", "productId", "5", "quantity", "1");
        String before = cartAndStock();

        Browser.Reply r = b.submit("/cart/add", "productId", "3", "quantity", "abc");
        assertEquals("/products/3", r.path());
        assertTrue(r.body().contains("id=\"flash\" class=\"flash error\""), r.body());
        assertTrue(r.body().contains("Quantity must be a whole number between 1 and 99"));
        assertTrue(b.submit("/cart/add", "productId", "3", "quantity", "0").body().contains("between 1 and 99"));
        assertTrue(b.submit("/cart/add", "productId", "3", "quantity", "100").body().contains("between 1 and 99"));
        assertTrue(b.submit("/cart/add", "productId", "999", "quantity", "1").body().contains("Unknown product 999."));
        assertTrue(b.submit("/cart/add", "productId", "x", "quantity", "1").body().contains("Product id must be"));
        assertTrue(b.submit("/cart/update", "productId", "5", "quantity", "-1").body().contains("between 1 and 99"));
        assertTrue(b.submit("/cart/remove", "productId", "6").body().contains("not in your cart"));
        assertEquals(before, cartAndStock());

        assertEquals(404, b.get("/products/999").status());
        assertEquals(404, b.get("/products/abc").status());
        assertEquals(404, b.get("/orders/999999").status());
        assertEquals(404, b.get("/no/such/page").status());

        Browser empty = loggedIn("customer2");
        Browser.Reply refused = empty.submit("/checkout");
        assertEquals("/cart", refused.path());
        assertTrue(refused.body().contains("Your cart is empty."));

        db.update("UPDATE products SET inventory = 0 WHERE id = 5");
        before = cartAndStock();
        Browser.Reply noStock = b.submit("/checkout");
        assertEquals("/cart", noStock.path());
        assertTrue(noStock.body().contains("Not enough \u201cWireless Mouse\u201d".replace('\u201c', '"').replace('\u201d', '"')
                .replace("\"", "&quot;")), noStock.body());
        assertEquals(before, cartAndStock());
    }

    @Test
    void notLoggedInFormsGoToTheLoginPage() throws Exception {
        Browser anonymous = new Browser(server.baseUri());
        String before = cartAndStock();
        Browser.Reply r = anonymous.post("/cart/add", "productId", "3", "quantity", "1");
        assertEquals(303, r.status());
        assertTrue(r.location().startsWith("/login"));
        assertEquals(303, anonymous.post("/checkout").status());
        assertEquals(303, anonymous.get("/orders/1").status());
        assertEquals(before, cartAndStock());
    }

    @Test
    void userInputIsEscaped() throws Exception {
        Browser b = new Browser(server.baseUri());
        Browser.Reply r = b.get("/products?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertEquals(200, r.status());
        assertFalse(r.body().contains("<script>"));
        assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(b.get("/products?q=100%25").body().contains("id=\"no-results\""), "LIKE wildcards are literal");
    }
}
