package com.acme.shop;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar legacy-shop.jar --jdbc-url jdbc:mysql://127.0.0.1:3306/shop [options]}; see --help. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the shop; returns only on a setup-only run or a start-up failure. Returns the exit code. */
    static int run(String[] args) {
        ShopConfig config;
        try {
            config = ShopConfig.parse(args, System.getenv(), System.getProperties());
        } catch (ShopConfig.UsageException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println();
            System.err.println(ShopConfig.USAGE);
            return 2;
        }
        if (config.help) {
            System.out.println(ShopConfig.USAGE);
            return 0;
        }

        HikariDataSource dataSource;
        try {
            dataSource = Database.pool(config.jdbcUrl, config.dbUser, config.dbPassword, config.poolSize);
        } catch (RuntimeException e) {
            log.error("Cannot connect to the database at {}: {}", config.jdbcUrl, rootMessage(e), e);
            return 1;
        }
        log.info("Database {} as {} (pool size {})", config.jdbcUrl, config.dbUser, config.poolSize);
        ShopServer server = null;
        try {
            if (config.initSchema) {
                Database.initSchema(dataSource);
            }
            if (config.seed) {
                Seeder.seed(dataSource);
            }
            if (config.history != null) {
                new HistoryGenerator(dataSource, config.history.seed())
                        .generate(config.history.users(), config.history.orders());
            }
            if (config.setupOnly) {
                dataSource.close();
                return 0;
            }
            server = new ShopServer(dataSource, config.bind, config.port).start();
        } catch (SQLException e) {
            log.error("Database error during start-up (SQLState {}, error {}): {}",
                    e.getSQLState(), e.getErrorCode(), e.getMessage(), e);
            dataSource.close();
            return 1;
        } catch (Exception e) {
            log.error("Start-up failed: {}", rootMessage(e), e);
            stopQuietly(server);
            dataSource.close();
            return 1;
        }

        ShopServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shop stopping");
            stopQuietly(running);
            dataSource.close();
        }, "shop-shutdown"));
        try {
            running.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void stopQuietly(ShopServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Error while stopping the web server", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
