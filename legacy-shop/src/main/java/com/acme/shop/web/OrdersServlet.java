package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.Order;
import com.acme.shop.model.OrderDetails;
import com.acme.shop.model.OrderLine;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

import static com.acme.shop.web.Html.esc;
import static com.acme.shop.web.Html.money;
import static com.acme.shop.web.Html.time;

/** Order history (/orders), order detail (/orders/{id}) and cancel (/orders/{id}/cancel). */
public class OrdersServlet extends BaseServlet {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    public OrdersServlet(ShopApp app) {
        super(app);
    }

    @Override
    protected void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String[] parts = segments(req);
        boolean post = "POST".equals(req.getMethod());
        SessionUser user = requireUser(req, resp);
        if (user == null) {
            return;
        }
        if (parts.length == 1 && !post) {
            history(req, resp, user);
            return;
        }
        Long orderId = parts.length >= 2 ? Params.pathId(parts[1]) : null;
        if (orderId == null) {
            throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
        if (parts.length == 2 && !post) {
            detail(req, resp, user, orderId);
        } else if (parts.length == 3 && parts[2].equals("cancel") && post) {
            try {
                app.orders.cancel(user.id(), orderId);
                flash(req, Html.Flash.success("Order #" + orderId + " has been cancelled."));
            } catch (ShopException e) {
                if (e.kind() == ShopException.Kind.NOT_FOUND) {
                    throw e; // someone else's order: a 404 page, like a missing one
                }
                flash(req, Html.Flash.error(e.getMessage()));
            }
            redirect(resp, "/orders/" + orderId);
        } else {
            throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
    }

    private void history(HttpServletRequest req, HttpServletResponse resp, SessionUser user) throws Exception {
        int limit = Params.limit(req.getParameter("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        long count = app.orders.count(user.id());
        List<Order> orders = app.orders.history(user.id(), limit);
        StringBuilder sb = new StringBuilder("<h1>My orders</h1>\n");
        if (orders.isEmpty()) {
            sb.append("<p id=\"no-orders\" class=\"empty\">You have no orders yet. ")
              .append("<a href=\"/products\">Start shopping</a>.</p>\n");
            render(req, resp, 200, "My orders", sb.toString());
            return;
        }
        sb.append("<p class=\"muted\">Showing <span id=\"orders-shown\">").append(orders.size())
          .append("</span> of <span id=\"order-count\">").append(count).append(count == 1 ? "</span> order.</p>\n" : "</span> orders, newest first.</p>\n")
          .append("<table id=\"orders-table\" class=\"lines\">\n<thead><tr><th>Order</th><th>Placed</th>")
          .append("<th>Status</th><th class=\"num\">Total</th></tr></thead>\n<tbody>\n");
        for (Order o : orders) {
            sb.append("<tr class=\"order-row\" data-order-id=\"").append(o.id()).append("\">")
              .append("<td><a class=\"order-link\" href=\"/orders/").append(o.id()).append("\">#").append(o.id())
              .append("</a></td>")
              .append("<td class=\"order-date\">").append(time(o.createdAt())).append("</td>")
              .append("<td><span class=\"order-status status-").append(esc(o.status())).append("\">")
              .append(esc(o.status())).append("</span></td>")
              .append("<td class=\"num order-total\">").append(money(o.totalAmount())).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        if (count > orders.size() && limit < MAX_LIMIT) {
            sb.append("<p><a id=\"more-orders\" href=\"/orders?limit=").append(Math.min(MAX_LIMIT, limit * 2 + 30))
              .append("\">Show more</a></p>\n");
        }
        render(req, resp, 200, "My orders", sb.toString());
    }

    private void detail(HttpServletRequest req, HttpServletResponse resp, SessionUser user, long orderId)
            throws Exception {
        OrderDetails details = app.orders.details(user.id(), orderId);
        Order o = details.order();
        StringBuilder sb = new StringBuilder();
        sb.append("<p class=\"crumbs\"><a href=\"/orders\">My orders</a></p>\n")
          .append("<article class=\"order\" data-order-id=\"").append(o.id()).append("\">\n")
          .append("<h1>Order #<span id=\"order-id\">").append(o.id()).append("</span></h1>\n")
          .append("<dl class=\"facts\">")
          .append("<dt>Status</dt><dd><span id=\"order-status\" class=\"order-status status-").append(esc(o.status()))
          .append("\">").append(esc(o.status())).append("</span></dd>")
          .append("<dt>Placed</dt><dd id=\"order-date\">").append(time(o.createdAt())).append("</dd>")
          .append("<dt>Last update</dt><dd id=\"order-updated\">").append(time(o.updatedAt())).append("</dd>")
          .append("</dl>\n")
          .append("<table id=\"order-lines\" class=\"lines\">\n<thead><tr><th>Product</th><th class=\"num\">Price</th>")
          .append("<th class=\"num\">Quantity</th><th class=\"num\">Total</th></tr></thead>\n<tbody>\n");
        for (OrderLine line : details.lines()) {
            sb.append("<tr class=\"order-line\" data-product-id=\"").append(line.productId()).append("\">")
              .append("<td class=\"line-name\"><a href=\"/products/").append(line.productId()).append("\">")
              .append(esc(line.name())).append("</a></td>")
              .append("<td class=\"num line-price\">").append(money(line.priceAtTime())).append("</td>")
              .append("<td class=\"num line-quantity\">").append(line.quantity()).append("</td>")
              .append("<td class=\"num line-total\">").append(money(line.lineTotal())).append("</td></tr>\n");
        }
        sb.append("</tbody>\n<tfoot><tr><td colspan=\"3\">Total</td><td class=\"num\" id=\"order-total\">")
          .append(money(o.totalAmount())).append("</td></tr></tfoot>\n</table>\n");
        if (o.isPending()) {
            sb.append("<form method=\"post\" action=\"/orders/").append(o.id()).append("/cancel\" id=\"cancel-form\">")
              .append("<button type=\"submit\" id=\"cancel-order\" class=\"danger\">Cancel this order</button></form>\n");
        }
        sb.append("</article>\n");
        render(req, resp, 200, "Order #" + o.id(), sb.toString());
    }
}
