package com.acme.shop.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves the few static files (CSS, icon) from the classpath folder {@code static/}. */
public class StaticServlet extends HttpServlet {

    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!name.matches("[A-Za-z0-9_-]+\\.[a-z]+") || !TYPES.containsKey(ext)) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = StaticServlet.class.getClassLoader().getResourceAsStream("static/" + name)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType(TYPES.get(ext));
            resp.setHeader("Cache-Control", "public, max-age=3600");
            in.transferTo(resp.getOutputStream());
        }
    }
}
