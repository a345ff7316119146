package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.CartSummary;
import com.acme.shop.model.Category;
import com.acme.shop.model.Money;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderDetails;
import com.acme.shop.model.OrderLine;
import com.acme.shop.model.Product;
import com.acme.shop.model.User;
import com.fasterxml.jackson.jr.ob.JSON;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under /api (session cookie after POST /api/login). Money is sent as strings ("12.50"),
 * times as ISO-8601 local date-times with milliseconds. Errors: 4xx/5xx with {"error": "..."}.
 */
public class ApiServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final int PRODUCT_LIMIT = 100;

    private final transient ShopApp app;

    public ApiServlet(ShopApp app) {
        this.app = app;
    }

    /** A response to send: status and JSON body. */
    private record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    private static final class NotLoggedIn extends RuntimeException {
        NotLoggedIn() {
            super("Not logged in.", null, false, false);
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    private static final class BadJson extends RuntimeException {
        BadJson(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setCharacterEncoding("UTF-8");
        Reply reply;
        try {
            reply = route(req);
        } catch (NotLoggedIn e) {
            reply = error(401, e.getMessage());
        } catch (MethodNotAllowed e) {
            reply = error(405, e.getMessage());
        } catch (BadJson e) {
            reply = error(400, e.getMessage());
        } catch (ShopException e) {
            reply = error(e.kind().httpStatus, e.getMessage());
        } catch (SQLException e) {
            log.error("Database error on {} {} (SQLState {}, error code {}): {}", req.getMethod(),
                    req.getRequestURI(), e.getSQLState(), e.getErrorCode(), e.getMessage(), e);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "Database error: " + e.getMessage());
            body.put("sqlState", String.valueOf(e.getSQLState()));
            reply = new Reply(500, body);
        } catch (Exception e) {
            log.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
            reply = error(500, "Internal error: " + e);
        }
        resp.setStatus(reply.status());
        resp.setContentType("application/json;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JSON.std.asBytes(reply.body()));
    }

    private Reply route(HttpServletRequest req) throws Exception {
        String method = req.getMethod();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] p = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String first = p.length > 0 ? p[0] : "";

        switch (first) {
            case "login" -> {
                if (p.length == 1) {
                    requireMethod(method, "POST");
                    return login(req);
                }
            }
            case "logout" -> {
                if (p.length == 1) {
                    requireMethod(method, "POST");
                    HttpSession session = req.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    return Reply.ok(Map.of("loggedOut", true));
                }
            }
            case "me" -> {
                if (p.length == 1) {
                    requireMethod(method, "GET");
                    BaseServlet.SessionUser u = requireUser(req);
                    return Reply.ok(map("userId", u.id(), "username", u.username()));
                }
            }
            case "categories" -> {
                if (p.length == 1) {
                    requireMethod(method, "GET");
                    List<Object> list = new ArrayList<>();
                    for (Category c : app.products.categories()) {
                        list.add(map("id", c.id(), "name", c.name(), "description", c.description()));
                    }
                    return Reply.ok(map("categories", list));
                }
            }
            case "products" -> {
                if (p.length == 1) {
                    requireMethod(method, "GET");
                    String q = req.getParameter("q");
                    String category = req.getParameter("category");
                    Long categoryId = null;
                    if (category != null && !category.isBlank()) {
                        categoryId = Params.pathId(category);
                        if (categoryId == null) {
                            throw ShopException.badInput("Category must be a positive whole number (got '" + category + "').");
                        }
                    }
                    List<Object> list = new ArrayList<>();
                    for (Product product : app.products.search(q, categoryId, PRODUCT_LIMIT)) {
                        list.add(product(product));
                    }
                    return Reply.ok(map("products", list, "count", list.size()));
                }
                if (p.length == 2) {
                    requireMethod(method, "GET");
                    long id = pathId(p[1], "Product");
                    Product product = app.products.findById(id);
                    if (product == null) {
                        throw ShopException.notFound("Unknown product " + id + ".");
                    }
                    return Reply.ok(product(product));
                }
            }
            case "cart" -> {
                return cart(req, method, p);
            }
            case "checkout" -> {
                if (p.length == 1) {
                    requireMethod(method, "POST");
                    BaseServlet.SessionUser u = requireUser(req);
                    Order order = app.checkout.checkout(u.id());
                    return new Reply(201, map("orderId", order.id(), "total", Money.plain(order.totalAmount()),
                            "status", order.status(), "createdAt", time(order.createdAt())));
                }
            }
            case "orders" -> {
                return orders(req, method, p);
            }
            default -> {
            }
        }
        throw ShopException.notFound("No such endpoint: " + method + " " + req.getRequestURI());
    }

    private Reply login(HttpServletRequest req) throws Exception {
        Map<String, Object> body = body(req);
        Object username = body.get("username");
        Object password = body.get("password");
        if (!(username instanceof String) || !(password instanceof String)) {
            throw ShopException.badInput("username and password are required.");
        }
        User user = LoginServlet.authenticate(app, (String) username, (String) password);
        if (user == null) {
            return error(401, "Wrong username or password.");
        }
        LoginServlet.logIn(req, user);
        return Reply.ok(map("userId", user.id(), "username", user.username()));
    }

    private Reply cart(HttpServletRequest req, String method, String[] p) throws Exception {
        if (p.length == 1) {
            requireMethod(method, "GET");
            return Reply.ok(cartJson(requireUser(req).id()));
        }
        if (!p[1].equals("items") || p.length > 3) {
            throw ShopException.notFound("No such endpoint: " + method + " " + req.getRequestURI());
        }
        if (p.length == 2) {
            requireMethod(method, "POST");
            BaseServlet.SessionUser u = requireUser(req);
            Map<String, Object> body = body(req);
            long productId = Params.productId(body.get("productId"));
            int quantity = Params.quantity(body.get("quantity"));
            app.cart.add(u.id(), productId, quantity);
            return Reply.ok(cartJson(u.id()));
        }
        long productId = pathId(p[2], "Product");
        if (method.equals("PUT")) {
            BaseServlet.SessionUser u = requireUser(req);
            Map<String, Object> body = body(req);
            int quantity = Params.quantity(body.get("quantity"));
            app.cart.setQuantity(u.id(), productId, quantity);
            return Reply.ok(cartJson(u.id()));
        }
        requireMethod(method, "DELETE");
        BaseServlet.SessionUser u = requireUser(req);
        app.cart.remove(u.id(), productId);
        return Reply.ok(cartJson(u.id()));
    }

    private Reply orders(HttpServletRequest req, String method, String[] p) throws Exception {
        BaseServlet.SessionUser u;
        if (p.length == 1) {
            requireMethod(method, "GET");
            u = requireUser(req);
            int limit = Params.limit(req.getParameter("limit"), OrdersServlet.DEFAULT_LIMIT, OrdersServlet.MAX_LIMIT);
            List<Object> list = new ArrayList<>();
            for (Order o : app.orders.history(u.id(), limit)) {
                list.add(order(o));
            }
            return Reply.ok(map("orders", list, "count", app.orders.count(u.id()), "limit", limit));
        }
        long orderId = pathId(p[1], "Order");
        if (p.length == 2) {
            requireMethod(method, "GET");
            u = requireUser(req);
            return Reply.ok(orderDetails(app.orders.details(u.id(), orderId)));
        }
        if (p.length == 3 && p[2].equals("cancel")) {
            requireMethod(method, "POST");
            u = requireUser(req);
            app.orders.cancel(u.id(), orderId);
            return Reply.ok(orderDetails(app.orders.details(u.id(), orderId)));
        }
        throw ShopException.notFound("No such endpoint: " + method + " " + req.getRequestURI());
    }

    private Map<String, Object> cartJson(long userId) throws SQLException {
        CartSummary badge = app.cart.summary(userId);
        Cart cart = app.cart.cart(userId);
        List<Object> lines = new ArrayList<>();
        for (CartLine l : cart.lines()) {
            lines.add(map("productId", l.productId(), "name", l.name(), "price", Money.plain(l.price()),
                    "quantity", l.quantity(), "lineTotal", Money.plain(l.lineTotal()), "addedAt", time(l.addedAt())));
        }
        return map("lines", lines, "lineCount", badge.lineCount(), "count", badge.itemCount(),
                "total", Money.plain(cart.total()));
    }

    private static Map<String, Object> product(Product p) {
        return map("id", p.id(), "name", p.name(), "description", p.description(), "price", Money.plain(p.price()),
                "inventory", p.inventory(), "categoryId", p.categoryId(), "category", p.categoryName(),
                "sellerId", p.sellerId());
    }

    private static Map<String, Object> order(Order o) {
        return map("id", o.id(), "total", Money.plain(o.totalAmount()), "status", o.status(),
                "createdAt", time(o.createdAt()), "updatedAt", time(o.updatedAt()));
    }

    private static Map<String, Object> orderDetails(OrderDetails d) {
        Map<String, Object> m = order(d.order());
        List<Object> lines = new ArrayList<>();
        for (OrderLine l : d.lines()) {
            lines.add(map("productId", l.productId(), "name", l.name(), "quantity", l.quantity(),
                    "price", Money.plain(l.priceAtTime()), "lineTotal", Money.plain(l.lineTotal())));
        }
        m.put("itemCount", d.itemCount());
        m.put("lines", lines);
        return m;
    }

    private static BaseServlet.SessionUser requireUser(HttpServletRequest req) {
        BaseServlet.SessionUser u = BaseServlet.user(req);
        if (u == null) {
            throw new NotLoggedIn();
        }
        return u;
    }

    private static void requireMethod(String method, String expected) {
        if (!expected.equals(method)) {
            throw new MethodNotAllowed("Method " + method + " not allowed here; use " + expected + ".");
        }
    }

    private static long pathId(String segment, String what) {
        Long id = Params.pathId(segment);
        if (id == null) {
            throw ShopException.badInput(what + " id must be a positive whole number (got '" + segment + "').");
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpServletRequest req) throws IOException {
        String text = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadJson("A JSON object body is required.");
        }
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(text);
        } catch (IOException e) {
            throw new BadJson("Malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof Map)) {
            throw new BadJson("The body must be a JSON object.");
        }
        return (Map<String, Object>) parsed;
    }

    private static String time(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime().format(ISO_MILLIS);
    }

    private static Reply error(int status, String message) {
        return new Reply(status, map("error", message));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
