package com.acme.shop.web;

import com.acme.shop.ShopApp;
import com.fasterxml.jackson.jr.ob.JSON;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /health: 200 {"status":"UP"} when the database answers, 503 otherwise. */
public class HealthServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(HealthServlet.class);

    private final transient ShopApp app;

    public HealthServlet(ShopApp app) {
        this.app = app;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        try (Connection con = app.dataSource.getConnection()) {
            boolean valid = con.isValid(2);
            status = valid ? 200 : 503;
            body.put("status", valid ? "UP" : "DOWN");
            body.put("database", valid ? "UP" : "DOWN");
        } catch (SQLException e) {
            log.warn("Health check: database unavailable (SQLState {}): {}", e.getSQLState(), e.getMessage());
            status = 503;
            body.put("status", "DOWN");
            body.put("database", "DOWN");
            body.put("error", e.getMessage());
        }
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JSON.std.asBytes(body));
    }
}
