package com.acme.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema script. */
public final class Database {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    public static HikariDataSource pool(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("shop-db");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** Applies {@code schema.sql} (idempotent: tables are created if missing, views replaced). */
    public static void initSchema(DataSource dataSource) throws SQLException {
        List<String> statements = statements(resource("schema.sql"));
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        log.info("Schema applied ({} statements)", statements.size());
    }

    static String resource(String name) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read classpath resource " + name, e);
        }
    }

    /** Splits a script on semicolons that end a line; drops comment-only lines. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1).trim());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }
}
