package com.acme.ormshop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;

/**
 * The ORM shop as a small web application: Hibernate over a HikariCP pool of MariaDB's driver. {@code POST
 * /workload?first-user=N} runs the {@link Workload} for users N..N+3 and answers its steps, one line each.
 *
 * <pre>java -cp … com.acme.ormshop.Main --jdbc-url jdbc:mariadb://… --db-user u --db-password p [--port 0] [--init-schema]</pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("orm-shop");
        pool.setJdbcUrl(required(options, "--jdbc-url"));
        pool.setUsername(options.getOrDefault("--db-user", "root"));
        pool.setPassword(options.getOrDefault("--db-password", ""));
        pool.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(pool);
        if (options.containsKey("--init-schema")) {
            createSchema(dataSource);
        }
        SessionFactory sessions = Workload.sessionFactory(dataSource, null);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(options.getOrDefault("--port", "0"))), 50);
        server.setExecutor(requests);
        server.createContext("/workload", exchange -> workload(exchange, sessions));
        server.createContext("/health", exchange -> answer(exchange, 200, "ok\n"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            requests.shutdown();
            sessions.close();
            dataSource.close();
        }, "orm-shop-stop"));
        System.out.println("Shop listening on http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void workload(HttpExchange exchange, SessionFactory sessions) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "POST /workload?first-user=N\n");
            return;
        }
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        long firstUser;
        try {
            firstUser = Long.parseLong(query.replaceFirst("^first-user=", ""));
        } catch (NumberFormatException e) {
            answer(exchange, 400, "first-user must be a number, got: " + query + "\n");
            return;
        }
        Workload run = new Workload(firstUser);
        run.run(sessions);
        answer(exchange, 200, run.steps().stream().map(s -> s.line() + "\n").collect(Collectors.joining()));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void createSchema(HikariDataSource dataSource) throws IOException, SQLException {
        String script;
        try (InputStream in = Main.class.getResourceAsStream("schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*(\\n|$)")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--init-schema")) {
                options.put(args[i], "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option: " + args[i]);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
