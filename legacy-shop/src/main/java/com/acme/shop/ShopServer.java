package com.acme.shop;

import com.acme.shop.web.ApiServlet;
import com.acme.shop.web.CartServlet;
import com.acme.shop.web.CatalogServlet;
import com.acme.shop.web.HealthServlet;
import com.acme.shop.web.LoginServlet;
import com.acme.shop.web.OrdersServlet;
import com.acme.shop.web.StaticServlet;

import java.net.URI;
import javax.sql.DataSource;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shop's embedded web server: HTML pages, the JSON API under /api, and /health. */
public class ShopServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShopServer.class);

    private final ShopApp app;
    private final String bind;
    private final int requestedPort;
    private Server server;
    private ServerConnector connector;

    public ShopServer(DataSource dataSource, String bind, int port) {
        this(new ShopApp(dataSource), bind, port);
    }

    public ShopServer(ShopApp app, String bind, int port) {
        this.app = app;
        this.bind = bind;
        this.requestedPort = port;
    }

    /** Starts the server on 127.0.0.1 and any free port. */
    public static ShopServer start(DataSource dataSource) throws Exception {
        ShopServer s = new ShopServer(dataSource, "127.0.0.1", 0);
        s.start();
        return s;
    }

    public synchronized ShopServer start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("shop-http");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(requestedPort);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getSessionHandler().setMaxInactiveInterval(4 * 60 * 60);
        context.getSessionHandler().setHttpOnly(true);
        context.addServlet(new ServletHolder("catalog", new CatalogServlet(app)), "");
        context.addServlet(new ServletHolder("products", new CatalogServlet(app)), "/products/*");
        context.addServlet(new ServletHolder("login", new LoginServlet(app)), "/login");
        context.addServlet(new ServletHolder("logout", new LoginServlet(app)), "/logout");
        context.addServlet(new ServletHolder("cart", new CartServlet(app)), "/cart/*");
        context.addServlet(new ServletHolder("checkout", new CartServlet(app)), "/checkout");
        context.addServlet(new ServletHolder("orders", new OrdersServlet(app)), "/orders/*");
        context.addServlet(new ServletHolder("api", new ApiServlet(app)), "/api/*");
        context.addServlet(new ServletHolder("health", new HealthServlet(app)), "/health");
        context.addServlet(new ServletHolder("static", new StaticServlet()), "/static/*");
        context.addServlet(new ServletHolder("fallback", new CatalogServlet(app)), "/");
        server.setHandler(context);
        server.start();
        log.info("Shop listening on {}", baseUri());
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** e.g. http://127.0.0.1:8080/ */
    public URI baseUri() {
        String host = bind == null || bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::")
                ? "127.0.0.1" : bind;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    public void join() throws InterruptedException {
        server.join();
    }

    public synchronized void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
