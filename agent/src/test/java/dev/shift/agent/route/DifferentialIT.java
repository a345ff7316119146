package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.mapping.Mapping;
import dev.shift.core.flags.Phase;
import dev.shift.testkit.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential testing, the quality gate of Shift's SQL semantics: a seeded generator writes SELECTs over the shop's
 * migrated tables (key-bounded reads with random predicates, expressions, grouping, aggregates, DISTINCT, ORDER BY,
 * LIMIT), runs each on MySQL itself and through Shift answering from DynamoDB (phase 5) over identical data, and
 * compares labels, type names, Java classes and values (DECIMAL scale included) row by row. Any difference fails,
 * with the statement; refusals are counted (at most 5 % of the corpus). {@code -Ddifferential.statements=N} runs a
 * larger corpus ({@code -Ddifferential.seed=S} another one). Strings are compared by the column's collation: the
 * order statuses are stored in mixed case (binary and case-insensitive order differ) and looked up in other letter
 * cases and with trailing spaces.
 */
class DifferentialIT {
    private static final int STATEMENTS = Integer.getInteger("differential.statements", 400);
    static final long SEED = Long.getLong("differential.seed", 20261203L);
    static final String[] STATUSES = {"pending", "Completed", "cancelled", "Shipped"};

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    /** The shop's tables with the same generated data in MySQL and DynamoDB, the application on the given driver. */
    static RouterFixture sameDataInBothStores(RouteServers servers, boolean mariadbDriver)
            throws Exception {
        RouterFixture fx = new RouterFixture(servers.mysql(), servers.client(), collatedMapping(), Phase.DUAL_WRITE, mariadbDriver, st -> {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
            st.execute("INSERT INTO products VALUES (1, 'Lamp', 19.99, 10), (2, 'Desk', 120.00, 5), (3, 'Teapot', 31.99, 0)");
        });
        Random r = new Random(SEED);
        try (Connection app = fx.app()) {   // phase 2: every write reaches both stores
            for (long user = 1; user <= 4; user++) {
                for (long product = 1; product <= 6; product++) {
                    if (r.nextInt(4) > 0) {
                        update(app, "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)",
                                user, product, 1 + r.nextInt(5), ts(r.nextInt(4)));
                    }
                }
                for (int o = 0; o < 5; o++) {
                    long id = insertOrder(app, user, new BigDecimal(r.nextInt(9000)).movePointLeft(2),
                            STATUSES[r.nextInt(STATUSES.length)], ts(10 + o * 3 + r.nextInt(3)));
                    for (long product = 1; product <= 1 + r.nextInt(3); product++) {
                        update(app, "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)",
                                id, product, 1 + r.nextInt(3), new BigDecimal(100 + r.nextInt(5000)).movePointLeft(2));
                    }
                }
            }
        }
        fx.drainAll();
        fx.control.change(Phase.DYNAMODB_ONLY.flags(), "differential test: answer from DynamoDB");
        return fx;
    }

    /** The shop's mapping with orders.status's collation declared: the test database's default (see MariaDbServer). */
    private static Mapping collatedMapping() throws java.io.IOException {
        String json;
        try (java.io.InputStream in = Mapping.class.getResourceAsStream("default-mapping.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String declared = "\"status\":       { \"type\": \"string\", \"length\": 16, \"nullable\": false";
        assertTrue(json.contains(declared), "the default mapping's orders.status changed; update this test");
        json = json.replace(declared, declared + ", \"collation\": \"utf8mb4_unicode_ci\"");
        return Mapping.load(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A status as an application may spell it: another letter case, trailing spaces (equal under a _ci collation). */
    static String spelling(Random r, String status) {
        String s = switch (r.nextInt(3)) {
            case 0 -> status.toUpperCase(java.util.Locale.ROOT);
            case 1 -> status.toLowerCase(java.util.Locale.ROOT);
            default -> status;
        };
        return r.nextInt(3) == 0 ? s + "  " : s;
    }

    /** Connector/J and MariaDB's own driver: each application gets the classes its driver gives. */
    @ParameterizedTest(name = "MariaDB driver: {0}")
    @ValueSource(booleans = {false, true})
    void shiftAnswersEveryGeneratedStatementExactlyAsMysqlDoes(boolean mariadbDriver) throws Exception {
        try (RouterFixture fx = sameDataInBothStores(servers, mariadbDriver)) {
            compareCorpus(fx, mariadbDriver ? "MariaDB's driver" : "Connector/J");
        }
    }

    private static void compareCorpus(RouterFixture fx, String driver) throws Exception {
        Random r = new Random(SEED + 1);
        long dynamoReadsBefore = fx.metrics.reads(dev.shift.core.metrics.Store.DYNAMODB);
        int rowsCompared = 0;
        Map<String, int[]> perShape = new TreeMap<>();   // shape → {identical, refused, different}
        List<String> differences = new ArrayList<>();
        int refused = 0;
        try (Connection direct = fx.raw(); Connection shift = fx.app()) {
            for (int i = 0; i < STATEMENTS; i++) {
                Query q = generate(r);
                String mysqlAnswer = answer(direct, q);
                String shiftAnswer;
                int[] tally = perShape.computeIfAbsent(q.shape, k -> new int[3]);
                try {
                    shiftAnswer = answer(shift, q);
                } catch (SQLException e) {
                    assertEquals("42000", e.getSQLState(), () -> q + " failed instead of being refused: " + e);
                    tally[1]++;
                    refused++;
                    continue;
                }
                rowsCompared += mysqlAnswer.split(" // ", -1).length - 1;
                if (mysqlAnswer.equals(shiftAnswer)) {
                    tally[0]++;
                } else {
                    tally[2]++;
                    differences.add(q + "\n  MySQL: " + mysqlAnswer + "\n  Shift: " + shiftAnswer);
                }
            }
        }
        StringBuilder report = new StringBuilder("differential test (" + driver + "), seed " + SEED + ", " + STATEMENTS
                + " statements — shape: identical / refused / different\n");
        perShape.forEach((shape, t) -> report.append("  ").append(shape).append(": ").append(t[0]).append(" / ")
                .append(t[1]).append(" / ").append(t[2]).append('\n'));
        report.append("  rows compared: ").append(rowsCompared).append('\n');
        System.out.println(report);
        assertEquals(STATEMENTS - refused, fx.metrics.reads(dev.shift.core.metrics.Store.DYNAMODB) - dynamoReadsBefore,
                "every statement Shift answered was read from DynamoDB");
        assertTrue(rowsCompared > STATEMENTS, "the corpus compares rows, not only empty answers: " + rowsCompared);
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())),
                differences.size() + " statement(s) answered differently\n" + report);
        assertTrue(refused * 20 <= STATEMENTS, refused + " of " + STATEMENTS + " refused (more than 5 %)\n" + report);
    }

    // ---------------------------------------------------------------------------------------------- the generator

    /** One statement: its text, parameters, and a shape name for the report. */
    record Query(String shape, String sql, List<Object> params) {
        @Override
        public String toString() {
            return sql + " " + params;
        }
    }

    private static Query generate(Random r) {
        switch (r.nextInt(4)) {
            case 0: return carts(r);
            case 1: return orders(r);
            case 2: return grouped(r);
            default: return lines(r);
        }
    }

    private static Query carts(Random r) {
        List<Object> p = new ArrayList<>();
        p.add((long) 1 + r.nextInt(5));
        String where = "user_id = ?" + predicate(r, p, "quantity", "product_id", "added_at");
        String[] selects = {"product_id, quantity", "product_id, quantity * 2 AS twice, quantity / 3 AS third",
                "DISTINCT quantity", "product_id, quantity - 1, COALESCE(quantity, 0)", "product_id, added_at"};
        String select = selects[r.nextInt(selects.length)];
        String order = select.startsWith("DISTINCT") ? " ORDER BY quantity" : " ORDER BY " + pick(r, "quantity DESC, ", "added_at, ", "") + "product_id";
        return new Query("carts " + (select.startsWith("DISTINCT") ? "distinct" : "rows"),
                "SELECT " + select + " FROM shopping_carts WHERE " + where + order + limit(r), p);
    }

    private static Query orders(Random r) {
        List<Object> p = new ArrayList<>();
        String where;
        String shape;
        if (r.nextBoolean()) {
            p.add((long) 1 + r.nextInt(5));
            where = "user_id = ?";
            shape = "orders of a user";
        } else {
            int n = 1 + r.nextInt(4);
            StringBuilder in = new StringBuilder("id IN (");
            for (int i = 0; i < n; i++) {
                in.append(i == 0 ? "?" : ", ?");
                p.add((long) 1 + r.nextInt(24));
            }
            where = in.append(')').toString();
            shape = "orders by id list";
        }
        where += predicate(r, p, "total_amount", "status", "created_at");
        String select = pick(r, "id, status, total_amount", "id, total_amount * 2, total_amount + 1.5", "id, created_at, UPPER(status)",
                "id, CONCAT(status, '-', id)", "id, status LIKE 's%' AS s, status IN ('PENDING', 'completed ') AS open",
                "id, CASE WHEN total_amount > 40 THEN 'big' ELSE 'small' END AS size, IF(status = 'pending', total_amount, 0) AS due",
                "id, CASE status WHEN 'pending' THEN 1 WHEN 'shipped' THEN 2 END AS stage, COALESCE(NULL, total_amount) AS amount");
        return new Query(shape, "SELECT " + select + " FROM orders WHERE " + where + " ORDER BY "
                + pick(r, "total_amount DESC, ", "created_at DESC, ", "status, ", "") + "id" + limit(r), p);
    }

    private static Query grouped(Random r) {
        List<Object> p = new ArrayList<>();
        p.add((long) 1 + r.nextInt(5));
        if (r.nextBoolean()) {
            String aggs = pick(r, "COUNT(*), SUM(total_amount)", "AVG(total_amount), MIN(created_at)", "MAX(total_amount), COUNT(DISTINCT status)",
                    "MIN(status), MAX(status), COUNT(*)", "COUNT(*)", "COUNT(*) AS n, COUNT(*) AS m");
            String where = "user_id = ?" + predicate(r, p, "total_amount", "status", "created_at");
            return r.nextBoolean()
                    ? new Query("orders aggregate", "SELECT " + aggs + " FROM orders WHERE " + where, p)
                    : new Query("orders grouped", "SELECT status, " + aggs + " FROM orders WHERE " + where
                            + " GROUP BY status" + (r.nextBoolean() ? " HAVING COUNT(*) > 1" : "") + " ORDER BY status", p);
        }
        String aggs = pick(r, "COUNT(*), SUM(quantity)", "AVG(quantity), MAX(added_at)", "MIN(quantity), COUNT(product_id)",
                "COUNT(*)");   // alone, with the WHERE only the partition key: DynamoDB counts the items
        return new Query("carts aggregate", "SELECT " + aggs + " FROM shopping_carts WHERE user_id = ?"
                + predicate(r, p, "quantity", "product_id", "added_at"), p);
    }

    private static Query lines(Random r) {
        List<Object> p = new ArrayList<>();
        p.add((long) 1 + r.nextInt(24));
        if (r.nextBoolean()) {
            return new Query("order with its lines", "SELECT o.id, o.status, i.product_id, i.quantity FROM orders o "
                    + pick(r, "LEFT JOIN", "JOIN") + " order_items i ON o.id = i.order_id WHERE o.id = ? ORDER BY i.product_id", p);
        }
        String price = "";
        if (r.nextBoolean()) {
            price = " AND p.price > ?";
            p.add(new BigDecimal(r.nextInt(6000)).movePointLeft(2));
        }
        return new Query("order lines with products", "SELECT i.product_id, i.quantity * i.price_at_time AS line_total, p.name "
                + "FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = ?" + price
                + " ORDER BY i.product_id", p);
    }

    /** Zero to two random conditions after the key, each with its parameters (boundary values, NULL, ties). */
    private static String predicate(Random r, List<Object> p, String number, String other, String time) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(3); n > 0; n--) {
            switch (r.nextInt(8)) {
                case 0 -> { sb.append(" AND ").append(number).append(pick(r, " > ?", " >= ?", " < ?", " <> ?")); p.add(value(r, number)); }
                case 1 -> { sb.append(" AND ").append(number).append(" BETWEEN ? AND ?"); p.add(value(r, number)); p.add(value(r, number)); }
                case 2 -> { sb.append(" AND ").append(other).append(" IN (?, ?)"); p.add(value(r, other)); p.add(value(r, other)); }
                case 3 -> { sb.append(" AND (").append(number).append(" < ? OR ").append(other).append(" = ?)"); p.add(value(r, number)); p.add(value(r, other)); }
                case 4 -> { sb.append(" AND NOT (").append(other).append(" = ?)"); p.add(value(r, other)); }
                case 5 -> { sb.append(" AND ").append(time).append(pick(r, " >= ?", " < ?")); p.add(ts(r.nextInt(30))); }
                case 6 -> sb.append(" AND ").append(number).append(pick(r, " IS NOT NULL", " IS NULL"));
                default -> { sb.append(" AND ").append(number).append(" = ?"); p.add(r.nextInt(10) == 0 ? null : value(r, number)); }
            }
        }
        return sb.toString();
    }

    private static Object value(Random r, String column) {
        return switch (column) {
            case "quantity" -> r.nextInt(7);
            case "product_id" -> (long) r.nextInt(8);
            case "total_amount" -> new BigDecimal(r.nextInt(9000)).movePointLeft(2);
            case "status" -> spelling(r, STATUSES[r.nextInt(STATUSES.length)]);
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static String limit(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> " LIMIT " + (1 + r.nextInt(4));
            case 1 -> " LIMIT " + (1 + r.nextInt(3)) + " OFFSET " + r.nextInt(3);
            default -> "";
        };
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static Timestamp ts(int minutes) {
        return Timestamp.valueOf(java.time.LocalDateTime.of(2026, 11, 26, 17, 0).plusMinutes(minutes));
    }

    // ---------------------------------------------------------------------------------------------- running

    /** The whole answer as text: labels, type names, and each value with its Java class. */
    static String answer(Connection c, Query q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) {
                ps.setObject(i + 1, q.params().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i == 1 ? "" : " | ").append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i));
                }
                while (rs.next()) {
                    sb.append(" // ");
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        sb.append(i == 1 ? "" : " | ").append(v == null ? "NULL" : v.getClass().getSimpleName() + " " + v);
                    }
                }
                return sb.toString();
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long insertOrder(Connection c, long user, BigDecimal total, String status, Timestamp at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, user);
            ps.setBigDecimal(2, total);
            ps.setString(3, status);
            ps.setTimestamp(4, at);
            ps.setTimestamp(5, at);
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }
}
