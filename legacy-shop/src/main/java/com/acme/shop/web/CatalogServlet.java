package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.acme.shop.ShopException;
import com.acme.shop.model.Category;
import com.acme.shop.model.Product;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

import static com.acme.shop.web.Html.esc;
import static com.acme.shop.web.Html.money;

/** The catalogue (/, /products?q=&amp;category=) and product pages (/products/{id}). */
public class CatalogServlet extends BaseServlet {

    private static final int PAGE_SIZE = 60;

    public CatalogServlet(ShopApp app) {
        super(app);
    }

    @Override
    protected void handle(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String[] parts = segments(req);
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            throw ShopException.notFound("No such page.");
        }
        if (parts.length == 0 || (parts.length == 1 && parts[0].equals("products"))) {
            catalogue(req, resp);
        } else if (parts.length == 2 && parts[0].equals("products")) {
            Long id = Params.pathId(parts[1]);
            Product product = id == null ? null : app.products.findById(id);
            if (product == null) {
                throw ShopException.notFound("Unknown product " + parts[1] + ".");
            }
            product(req, resp, product);
        } else {
            throw ShopException.notFound("No such page: " + req.getRequestURI());
        }
    }

    private void catalogue(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String q = req.getParameter("q") == null ? "" : req.getParameter("q").trim();
        Long categoryId = Params.pathId(req.getParameter("category"));
        List<Category> categories = app.products.categories();
        List<Product> products = app.products.search(q, categoryId, PAGE_SIZE);

        StringBuilder sb = new StringBuilder();
        sb.append("<h1>Catalogue</h1>\n")
          .append("<form id=\"search-form\" class=\"search\" method=\"get\" action=\"/products\">")
          .append("<input type=\"search\" id=\"q\" name=\"q\" placeholder=\"Search products\" value=\"")
          .append(esc(q)).append("\">");
        if (categoryId != null) {
            sb.append("<input type=\"hidden\" name=\"category\" value=\"").append(categoryId).append("\">");
        }
        sb.append("<button type=\"submit\" id=\"search\">Search</button></form>\n");
        sb.append("<ul class=\"categories\" id=\"categories\">\n<li><a href=\"/products").append(q.isEmpty() ? "" : "?q=" + Html.url(q))
          .append("\"").append(categoryId == null ? " class=\"active\"" : "").append(">All</a></li>\n");
        for (Category c : categories) {
            sb.append("<li><a data-category-id=\"").append(c.id()).append("\" href=\"/products?category=").append(c.id())
              .append(q.isEmpty() ? "" : "&amp;q=" + esc(Html.url(q))).append("\"")
              .append(Long.valueOf(c.id()).equals(categoryId) ? " class=\"active\"" : "").append(">")
              .append(esc(c.name())).append("</a></li>\n");
        }
        sb.append("</ul>\n");
        if (products.isEmpty()) {
            sb.append("<p id=\"no-results\" class=\"empty\">No products match \u201c").append(esc(q)).append("\u201d.</p>\n");
        } else {
            sb.append("<p class=\"muted\" id=\"result-count\">").append(products.size())
              .append(products.size() == 1 ? " product" : " products").append("</p>\n");
            sb.append("<div class=\"grid\" id=\"products\">\n");
            for (Product p : products) {
                sb.append("<div class=\"product-card\" data-product-id=\"").append(p.id()).append("\">")
                  .append("<div class=\"category\">").append(esc(p.categoryName())).append("</div>")
                  .append("<a class=\"product-link\" href=\"/products/").append(p.id()).append("\">")
                  .append(esc(p.name())).append("</a>")
                  .append("<div class=\"price\">").append(money(p.price())).append("</div>")
                  .append("<div class=\"stock\">").append(p.inventory() > 0 ? "In stock" : "Out of stock")
                  .append("</div></div>\n");
            }
            sb.append("</div>\n");
        }
        render(req, resp, 200, q.isEmpty() ? "Catalogue" : "Search: " + q, sb.toString());
    }

    private void product(HttpServletRequest req, HttpServletResponse resp, Product p) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("<p class=\"crumbs\"><a href=\"/products\">Catalogue</a> › <a href=\"/products?category=")
          .append(p.categoryId()).append("\">").append(esc(p.categoryName())).append("</a></p>\n")
          .append("<article class=\"product\" data-product-id=\"").append(p.id()).append("\">\n")
          .append("<h1 id=\"product-name\">").append(esc(p.name())).append("</h1>\n")
          .append("<p class=\"description\" id=\"product-description\">").append(esc(p.description())).append("</p>\n")
          .append("<p class=\"price big\" id=\"product-price\">").append(money(p.price())).append("</p>\n")
          .append("<p class=\"stock\">").append(p.inventory() > 0 ? "In stock: " : "Out of stock: ")
          .append("<span id=\"product-inventory\">").append(p.inventory()).append("</span></p>\n")
          .append("<form method=\"post\" action=\"/cart/add\" id=\"add-to-cart-form\" class=\"add-to-cart\">")
          .append("<input type=\"hidden\" name=\"productId\" value=\"").append(p.id()).append("\">")
          .append("<label for=\"quantity\">Quantity</label> ")
          .append("<input type=\"number\" id=\"quantity\" name=\"quantity\" value=\"1\" min=\"1\" max=\"99\">")
          .append(" <button type=\"submit\" id=\"add-to-cart\" class=\"primary\">Add to cart</button></form>\n");
        if (user(req) == null) {
            sb.append("<p class=\"muted\">You will be asked to <a href=\"/login?next=/products/").append(p.id())
              .append("\">log in</a> first.</p>\n");
        }
        sb.append("</article>\n");
        render(req, resp, 200, p.name(), sb.toString());
    }
}
