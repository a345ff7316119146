package com.acme.shop.web;

import com.acme.shop.PasswordHasher;
import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.User;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.sql.SQLException;

import static com.acme.shop.web.Html.esc;

/** Log in (/login) and log out (/logout). */
public class LoginServlet extends BaseServlet {

    public LoginServlet(ShopApp app) {
        super(app);
    }

    /** Checks a username and password; returns the user or null. Shared with the JSON API. */
    static User authenticate(ShopApp app, String username, String password) throws SQLException {
        if (username == null || password == null || username.isBlank()) {
            return null;
        }
        User user = app.users.findByUsername(username.trim());
        return user != null && PasswordHasher.verify(password, user.passwordHash()) ? user : null;
    }

    /** Puts the user in a fresh session (new session id: no fixation). */
    static void logIn(HttpServletRequest req, User user) {
        HttpSession session = req.getSession(true);
        req.changeSessionId();
        session.setAttribute(USER_ID, user.id());
        session.setAttribute(USERNAME, user.username());
    }

    @Override
    protected void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String path = req.getServletPath();
        if ("/logout".equals(path)) {
            HttpSession session = req.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            flash(req, Html.Flash.success("You have been logged out."));
            redirect(resp, "/");
            return;
        }
        String next = safeNext(req.getParameter("next"));
        if ("POST".equals(req.getMethod())) {
            String username = req.getParameter("username");
            User user = authenticate(app, username, req.getParameter("password"));
            if (user == null) {
                flash(req, Html.Flash.error("Wrong username or password."));
                redirect(resp, "/login" + ("/".equals(next) ? "" : "?next=" + Html.url(next)));
                return;
            }
            logIn(req, user);
            flash(req, Html.Flash.success("Welcome back, " + user.username() + "!"));
            redirect(resp, next);
            return;
        }
        if (!"GET".equals(req.getMethod())) {
            throw ShopException.notFound("No such page.");
        }
        SessionUser current = user(req);
        StringBuilder sb = new StringBuilder();
        sb.append("<section class=\"login\">\n<h1>Log in</h1>\n");
        if (current != null) {
            sb.append("<p class=\"muted\">You are logged in as ").append(esc(current.username()))
              .append(". Log in again to switch accounts.</p>\n");
        }
        sb.append("<form method=\"post\" action=\"/login\" id=\"login-form\">\n")
          .append("<input type=\"hidden\" name=\"next\" value=\"").append(esc(next)).append("\">\n")
          .append("<label for=\"username\">Username</label>\n")
          .append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\n")
          .append("<label for=\"password\">Password</label>\n")
          .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\n")
          .append("<button type=\"submit\" id=\"login\" class=\"primary\">Log in</button>\n")
          .append("</form>\n<p class=\"muted hint\">Demo accounts: admin, customer1, customer2 (the password is the user name).</p>\n")
          .append("</section>\n");
        render(req, resp, 200, "Log in", sb.toString());
    }

    /** Only local paths, so the login form cannot send anyone to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/login") || next.startsWith("/logout")) {
            return "/";
        }
        return next;
    }
}
