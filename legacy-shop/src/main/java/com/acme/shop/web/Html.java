package com.acme.shop.web;

import com.acme.shop.model.Money;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;

/** HTML escaping and the page layout (header with the cart badge, flash message, footer). */
public final class Html {

    private static final DateTimeFormatter DISPLAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Html() {
    }

    /** Escapes text for element content and double-quoted attribute values. */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String money(BigDecimal amount) {
        return esc(Money.display(amount));
    }

    public static String time(Timestamp ts) {
        return ts == null ? "" : esc(ts.toLocalDateTime().format(DISPLAY_TIME));
    }

    /** URL-encodes a query parameter value. */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What the header shows about the logged-in user. */
    public record Header(String username, long itemCount, BigDecimal cartTotal) {
    }

    /** A flash message shown once at the top of the next page. */
    public record Flash(String kind, String message) {
        public static Flash success(String message) {
            return new Flash("success", message);
        }

        public static Flash error(String message) {
            return new Flash("error", message);
        }
    }

    public static String page(String title, Header header, Flash flash, String body) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(esc(title)).append(" · Acme Shop</title>\n")
          .append("<link rel=\"stylesheet\" href=\"/static/shop.css\">\n</head>\n<body>\n")
          .append("<header class=\"site-header\">\n<div class=\"wrap\">\n")
          .append("<a class=\"brand\" href=\"/\">Acme Shop</a>\n")
          .append("<nav>\n<a href=\"/products\" id=\"nav-catalog\">Catalogue</a>\n");
        if (header != null) {
            sb.append("<a href=\"/orders\" id=\"nav-orders\">My orders</a>\n")
              .append("<a href=\"/cart\" id=\"cart-link\" class=\"cart-badge\" title=\"Your cart\">")
              .append("Cart <span id=\"cart-count\" class=\"badge\">").append(header.itemCount()).append("</span>")
              .append(" <span id=\"cart-badge-total\">").append(money(header.cartTotal())).append("</span></a>\n")
              .append("<span class=\"user\">Hello, <span id=\"current-user\">").append(esc(header.username()))
              .append("</span></span>\n")
              .append("<form method=\"post\" action=\"/logout\" class=\"inline\">")
              .append("<button type=\"submit\" id=\"logout\" class=\"link\">Log out</button></form>\n");
        } else {
            sb.append("<a href=\"/login\" id=\"nav-login\">Log in</a>\n");
        }
        sb.append("</nav>\n</div>\n</header>\n<main class=\"wrap\">\n");
        if (flash != null) {
            sb.append("<div id=\"flash\" class=\"flash ").append(esc(flash.kind())).append("\" role=\"")
              .append("error".equals(flash.kind()) ? "alert" : "status").append("\">")
              .append(esc(flash.message())).append("</div>\n");
        }
        sb.append(body)
          .append("\n</main>\n<footer class=\"wrap footer\">Acme Shop · since 2011</footer>\n</body>\n</html>\n");
        return sb.toString();
    }
}
