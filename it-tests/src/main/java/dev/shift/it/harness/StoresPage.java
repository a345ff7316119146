package dev.shift.it.harness;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A small HTML page of what both stores hold for one user — the MySQL user view and the DynamoDB
 * partition — written next to the screenshots, so a browser can show (and screenshot) what the
 * workshop shows in the MySQL client and the DynamoDB console.
 */
public final class StoresPage {

    private StoresPage() {
    }

    /** Writes {@code dir/fileName} for partition {@code pk} (e.g. {@code USER#1}) and returns its path. */
    public static Path write(Stores stores, String pk, String title, Path dir, String fileName) throws IOException {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
                .append("table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f0f0f0}code{font:12px ui-monospace,monospace}.none{color:#888;font-style:italic}")
                .append("</style></head><body><h1 id=\"title\">").append(esc(title)).append("</h1>");

        String sql = "SELECT * FROM user_items_view WHERE PK = ? ORDER BY SK";
        b.append("<h2>MySQL: <code>").append(esc(sql.replace("?", "'" + pk + "'"))).append("</code></h2>");
        table(b, "mysql", stores.mysql(sql, pk));

        b.append("<h2>DynamoDB: table <code>").append(esc(stores.table())).append("</code>, <code>PK = ")
                .append(esc(pk)).append("</code></h2>");
        List<Map<String, Object>> items = stores.items(pk, "").stream().map(StoresPage::plain).toList();
        table(b, "dynamodb", items);
        b.append("</body></html>");
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> out = new TreeMap<>((x, y) -> rank(x) != rank(y) ? rank(x) - rank(y) : x.compareTo(y));
        item.forEach((k, v) -> out.put(k, show(v)));
        return out;
    }

    private static int rank(String attribute) {
        return switch (attribute) {
            case "PK" -> 0;
            case "SK" -> 1;
            default -> 2;
        };
    }

    private static String show(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return v.n();
        }
        if (v.bool() != null) {
            return v.bool().toString();
        }
        if (v.hasL()) {
            return v.l().stream().map(StoresPage::show).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v.hasM()) {
            return v.m().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return "null";
        }
        return v.toString();
    }

    private static void table(StringBuilder b, String id, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            b.append("<p class=\"none\" id=\"").append(id).append("-none\">no rows</p>");
            return;
        }
        List<String> columns = rows.stream().flatMap(r -> r.keySet().stream()).distinct().toList();
        b.append("<table id=\"").append(id).append("\"><thead><tr>");
        columns.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (Map<String, Object> r : rows) {
            b.append("<tr>");
            columns.forEach(c -> b.append("<td><code>").append(esc(String.valueOf(r.getOrDefault(c, "")))).append("</code></td>"));
            b.append("</tr>");
        }
        b.append("</tbody></table>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
