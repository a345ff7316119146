package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import com.acme.shop.model.Order;
import com.acme.shop.model.Product;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static com.acme.shop.web.Html.esc;
import static com.acme.shop.web.Html.money;

/** The cart page (/cart), its forms (/cart/add, /cart/update, /cart/remove) and checkout (/checkout). */
public class CartServlet extends BaseServlet {

    public CartServlet(ShopApp app) {
        super(app);
    }

    @Override
    protected void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String[] parts = segments(req);
        String action = parts.length == 2 && parts[0].equals("cart") ? parts[1]
                : parts.length == 1 ? parts[0] : null;
        boolean post = "POST".equals(req.getMethod());
        if (action == null) {
            throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
        if (!post) {
            if (action.equals("cart")) {
                SessionUser user = requireUser(req, resp);
                if (user != null) {
                    cartPage(req, resp, user);
                }
                return;
            }
            if (action.equals("checkout")) {
                redirect(resp, "/cart");
                return;
            }
            throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
        SessionUser user = requireUser(req, resp);
        if (user == null) {
            return;
        }
        switch (action) {
            case "add" -> add(req, resp, user);
            case "update" -> formAction(req, resp, "/cart", () -> {
                long productId = Params.productId(req.getParameter("productId"));
                int quantity = Params.quantity(req.getParameter("quantity"));
                app.cart.setQuantity(user.id(), productId, quantity);
                flash(req, Html.Flash.success("Quantity updated."));
                redirect(resp, "/cart");
            });
            case "remove" -> formAction(req, resp, "/cart", () -> {
                long productId = Params.productId(req.getParameter("productId"));
                app.cart.remove(user.id(), productId);
                flash(req, Html.Flash.success("Item removed from your cart."));
                redirect(resp, "/cart");
            });
            case "checkout" -> formAction(req, resp, "/cart", () -> {
                Order order = app.checkout.checkout(user.id());
                flash(req, Html.Flash.success("Thank you! Your order #" + order.id() + " has been placed."));
                redirect(resp, "/orders/" + order.id());
            });
            default -> throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
    }

    private void add(HttpServletRequest req, HttpServletResponse resp, SessionUser user) throws Exception {
        Long pid = Params.wholeNumber(req.getParameter("productId"));
        String back = pid != null && pid > 0 ? "/products/" + pid : "/products";
        formAction(req, resp, back, () -> {
            long productId = Params.productId(req.getParameter("productId"));
            int quantity = Params.quantity(req.getParameter("quantity"));
            Product product = app.cart.add(user.id(), productId, quantity);
            flash(req, Html.Flash.success("Added " + quantity + " \u00d7 " + product.name() + " to your cart."));
            redirect(resp, "/cart");
        });
    }

    private void cartPage(HttpServletRequest req, HttpServletResponse resp, SessionUser user) throws Exception {
        Cart cart = app.cart.cart(user.id());
        StringBuilder sb = new StringBuilder("<h1>Your cart</h1>\n");
        if (cart.isEmpty()) {
            sb.append("<p id=\"cart-empty\" class=\"empty\">Your cart is empty. ")
              .append("<a href=\"/products\">Browse the catalogue</a>.</p>\n");
            render(req, resp, 200, "Cart", sb.toString());
            return;
        }
        sb.append("<table id=\"cart-table\" class=\"lines\">\n<thead><tr><th>Product</th><th class=\"num\">Price</th>")
          .append("<th>Quantity</th><th class=\"num\">Total</th><th></th></tr></thead>\n<tbody>\n");
        for (CartLine line : cart.lines()) {
            long id = line.productId();
            sb.append("<tr class=\"cart-line\" data-product-id=\"").append(id).append("\">")
              .append("<td class=\"line-name\"><a href=\"/products/").append(id).append("\">").append(esc(line.name()))
              .append("</a></td>")
              .append("<td class=\"num line-price\">").append(money(line.price())).append("</td>")
              .append("<td><form method=\"post\" action=\"/cart/update\" class=\"inline update-form\">")
              .append("<input type=\"hidden\" name=\"productId\" value=\"").append(id).append("\">")
              .append("<input type=\"number\" name=\"quantity\" class=\"line-quantity\" id=\"quantity-").append(id)
              .append("\" value=\"").append(line.quantity()).append("\" min=\"1\" max=\"99\">")
              .append(" <button type=\"submit\" class=\"update-line\" id=\"update-").append(id).append("\">Update</button>")
              .append("</form></td>")
              .append("<td class=\"num line-total\">").append(money(line.lineTotal())).append("</td>")
              .append("<td><form method=\"post\" action=\"/cart/remove\" class=\"inline\">")
              .append("<input type=\"hidden\" name=\"productId\" value=\"").append(id).append("\">")
              .append("<button type=\"submit\" class=\"remove-line link\" id=\"remove-").append(id)
              .append("\">Remove</button></form></td></tr>\n");
        }
        sb.append("</tbody>\n<tfoot><tr><td colspan=\"3\">Total (<span id=\"cart-item-count\">").append(cart.itemCount())
          .append("</span> items)</td><td class=\"num\" id=\"cart-total\">").append(money(cart.total()))
          .append("</td><td></td></tr></tfoot>\n</table>\n")
          .append("<form method=\"post\" action=\"/checkout\" id=\"checkout-form\" class=\"checkout\">")
          .append("<a href=\"/products\">Continue shopping</a> ")
          .append("<button type=\"submit\" id=\"checkout\" class=\"primary\">Check out</button></form>\n");
        render(req, resp, 200, "Cart", sb.toString());
    }
}
