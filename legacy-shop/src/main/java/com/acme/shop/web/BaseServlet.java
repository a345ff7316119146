package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartSummary;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Common plumbing of the HTML pages: session user, flash messages, layout, error pages. */
abstract class BaseServlet extends HttpServlet {

    static final String USER_ID = "userId";
    static final String USERNAME = "username";
    static final String FLASH = "flash";

    private static final Logger log = LoggerFactory.getLogger(BaseServlet.class);

    protected final transient ShopApp app;

    BaseServlet(ShopApp app) {
        this.app = app;
    }

    /** The logged-in user as kept in the session. */
    record SessionUser(long id, String username) {
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    protected abstract void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setCharacterEncoding("UTF-8");
        try {
            handle(req, resp);
        } catch (ShopException e) {
            errorPage(req, resp, e.kind().httpStatus, e.getMessage());
        } catch (SQLException e) {
            log.error("Database error on {} {} (SQLState {}, error code {}): {}", req.getMethod(),
                    req.getRequestURI(), e.getSQLState(), e.getErrorCode(), e.getMessage(), e);
            errorPage(req, resp, 500, "Sorry, a database error occurred: " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")");
        } catch (Exception e) {
            log.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
            errorPage(req, resp, 500, "Sorry, something went wrong: " + e);
        }
    }

    static SessionUser user(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return null;
        }
        Object id = session.getAttribute(USER_ID);
        return id == null ? null : new SessionUser((Long) id, (String) session.getAttribute(USERNAME));
    }

    /** The logged-in user, or null after redirecting to the login page. */
    protected SessionUser requireUser(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        SessionUser user = user(req);
        if (user == null) {
            String next;
            if ("GET".equals(req.getMethod())) {
                next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            } else {
                // after logging in, back to the page the form was on
                Long productId = Params.pathId(req.getParameter("productId"));
                next = "/cart/add".equals(req.getRequestURI()) && productId != null ? "/products/" + productId : "/cart";
            }
            flash(req, Html.Flash.error("Please log in first."));
            redirect(resp, "/login?next=" + Html.url(next));
        }
        return user;
    }

    static void flash(HttpServletRequest req, Html.Flash flash) {
        req.getSession(true).setAttribute(FLASH, flash);
    }

    static Html.Flash takeFlash(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return null;
        }
        Html.Flash flash = (Html.Flash) session.getAttribute(FLASH);
        if (flash != null) {
            session.removeAttribute(FLASH);
        }
        return flash;
    }

    /** 303 See Other: after a POST, the browser GETs the target. */
    static void redirect(HttpServletResponse resp, String location) {
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", location);
    }

    /** Runs a form action; a refusal becomes an error flash on the page we go back to. */
    protected void formAction(HttpServletRequest req, HttpServletResponse resp, String back, Action action)
            throws Exception {
        try {
            action.run();
        } catch (ShopException e) {
            flash(req, Html.Flash.error(e.getMessage()));
            redirect(resp, back);
        }
    }

    protected void render(HttpServletRequest req, HttpServletResponse resp, int status, String title, String body)
            throws SQLException, IOException {
        Html.Header header = header(req);
        write(resp, status, Html.page(title, header, takeFlash(req), body));
    }

    private Html.Header header(HttpServletRequest req) throws SQLException {
        SessionUser user = user(req);
        if (user == null) {
            return null;
        }
        CartSummary badge = app.cart.summary(user.id());
        Cart cart = app.cart.cart(user.id());
        return new Html.Header(user.username(), badge.itemCount(), cart.total());
    }

    private void errorPage(HttpServletRequest req, HttpServletResponse resp, int status, String message)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        String title = status == 404 ? "Not found" : status >= 500 ? "Error" : "Cannot do that";
        String body = "<section class=\"error-page\"><h1>" + Html.esc(title) + "</h1>\n"
                + "<p id=\"error-message\" class=\"error-message\">" + Html.esc(message) + "</p>\n"
                + "<p><a href=\"/products\">Back to the catalogue</a></p></section>";
        Html.Header header = null;
        if (status < 500) {
            try {
                header = header(req);
            } catch (SQLException e) {
                log.warn("Cannot show the cart badge on the error page (SQLState {})", e.getSQLState(), e);
            }
        }
        write(resp, status, Html.page(title, header, null, body));
    }

    private static void write(HttpServletResponse resp, int status, String html) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(html);
    }

    /** The path below the servlet's mapping, split on '/', without empty parts. */
    static String[] segments(HttpServletRequest req) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
