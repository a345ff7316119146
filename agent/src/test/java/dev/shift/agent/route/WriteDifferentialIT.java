package dev.shift.agent.route;

import static dev.shift.agent.route.DifferentialIT.STATUSES;
import static dev.shift.agent.route.DifferentialIT.pick;
import static dev.shift.agent.route.DifferentialIT.spelling;
import static dev.shift.agent.route.DifferentialIT.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.route.DifferentialIT.Query;
import dev.shift.agent.schema.LearnedDefinitions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential testing of writes: a seeded generator of INSERTs (plain and upserts), UPDATEs (values, increments,
 * optimistic conditions, other spellings of a string in the WHERE) and DELETEs (by key, by list, by predicate) over the
 * shop's migrated tables, with boundary values MySQL refuses or rounds (INT's maximum, DECIMAL's scale and precision,
 * a status longer than its VARCHAR, a duplicate key). Each runs on MySQL itself and through Shift writing DynamoDB alone
 * (phase 5), from identical data; the update count and generated keys, or the error's vendor code, must match, and so
 * must the rows the write touched, read back from each store. {@code -Ddifferential.writes=N} for a larger corpus.
 */
class WriteDifferentialIT {
    private static final int WRITES = Integer.getInteger("differential.writes", 300);

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    /** A write and the read that shows the rows it may touch. */
    private record Write(String shape, String sql, List<Object> params, Query after) {
        @Override
        public String toString() {
            return sql + " " + params;
        }
    }

    @ParameterizedTest(name = "MariaDB driver: {0}")
    @ValueSource(booleans = {false, true})
    void shiftWritesEveryGeneratedStatementExactlyAsMysqlDoes(boolean mariadbDriver, @TempDir Path state) throws Exception {
        String driver = mariadbDriver ? "MariaDB's driver" : "Connector/J";
        Map<String, int[]> perShape = new TreeMap<>();   // shape → {identical, refused, different}
        List<String> differences = new ArrayList<>();
        Set<String> untracked = new HashSet<>();   // rows that differed once: later writes to them prove nothing
        int refused = 0;
        try (RouterFixture fx = DifferentialIT.sameDataInBothStores(servers, mariadbDriver)) {
            try (Connection c = fx.raw()) {
                new LearnedDefinitions(fx.planner, state).learn(c, "the test database");   // as the agent does
            }
            Random r = new Random(DifferentialIT.SEED + 2);
            try (Connection direct = fx.raw(); Connection shift = fx.app()) {
                for (int i = 0; i < WRITES; i++) {
                    Write w = generate(r);
                    String scope = w.after().toString();
                    if (untracked.contains(scope)) {
                        continue;
                    }
                    int[] tally = perShape.computeIfAbsent(w.shape(), k -> new int[3]);
                    String shiftOutcome = outcome(shift, w);
                    if (shiftOutcome.equals("refused")) {
                        tally[1]++;   // refused before anything changed: MySQL is not given it either
                        refused++;
                        continue;
                    }
                    String mysqlOutcome = outcome(direct, w);
                    String mysqlAfter = DifferentialIT.answer(direct, w.after());
                    String shiftAfter = DifferentialIT.answer(shift, w.after());
                    if (mysqlOutcome.equals(shiftOutcome) && mysqlAfter.equals(shiftAfter)) {
                        tally[0]++;
                    } else {
                        tally[2]++;
                        differences.add(w + "\n  MySQL: " + mysqlOutcome + ", then " + mysqlAfter + "\n  Shift: "
                                + shiftOutcome + ", then " + shiftAfter);
                        untracked.add(scope);
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder("write differential test (" + driver + "), seed " + DifferentialIT.SEED
                + ", " + WRITES + " writes — shape: identical / refused / different\n");
        perShape.forEach((shape, t) -> report.append("  ").append(shape).append(": ").append(t[0]).append(" / ")
                .append(t[1]).append(" / ").append(t[2]).append('\n'));
        System.out.println(report);
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())),
                differences.size() + " write(s) differed\n" + report);
        assertTrue(refused * 20 <= WRITES, refused + " of " + WRITES + " refused (more than 5 %)\n" + report);
        int compared = perShape.values().stream().mapToInt(t -> t[0]).sum();
        assertEquals(WRITES, compared + refused, "every write was compared or refused\n" + report);
    }

    /**
     * Eight connections add the same order line at once in phase 5: MySQL's primary key would keep one, and so does
     * Shift — the others get the duplicate-key error, none a second copy of the line.
     */
    @Test
    void concurrentInsertsOfOneEmbeddedRowKeepOne(@TempDir Path state) throws Exception {
        try (RouterFixture fx = DifferentialIT.sameDataInBothStores(servers, false)) {
            try (Connection c = fx.raw()) {
                new LearnedDefinitions(fx.planner, state).learn(c, "the test database");
            }
            int n = 8;
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int quantity = i + 1;
                outcomes.add(pool.submit(() -> {
                    try (Connection app = fx.app()) {
                        go.await();
                        return outcome(app, new Write("line insert", "INSERT INTO order_items (order_id, product_id, "
                                + "quantity, price_at_time) VALUES (?, ?, ?, ?)", List.of(1L, 99L, quantity,
                                new BigDecimal("1.00")), null));
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (java.util.concurrent.Future<String> f : outcomes) {
                results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertEquals(1, results.stream().filter(r -> r.equals("updated 1")).count(), results.toString());
            assertEquals(n - 1, results.stream().filter(r -> r.equals("error 1062")).count(), results.toString());
            try (Connection app = fx.app()) {
                String lines = DifferentialIT.answer(app, new Query("lines", "SELECT COUNT(*) FROM order_items "
                        + "WHERE order_id = ? AND product_id = ?", List.of(1L, 99L)));
                assertTrue(lines.endsWith("// Long 1"), "one line for product 99: " + lines);
            }
        }
    }

    /**
     * The update count with the generated keys (label, type, value), the error's vendor code, or "refused" for Shift's
     * own refusal (42000, 1235).
     */
    private static String outcome(Connection c, Write w) {
        try (PreparedStatement ps = c.prepareStatement(w.sql(), java.sql.Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < w.params().size(); i++) {
                ps.setObject(i + 1, w.params().get(i));
            }
            StringBuilder out = new StringBuilder("updated " + ps.executeUpdate());
            if (w.sql().startsWith("INSERT INTO orders")) {
                try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        out.append(", key ").append(keys.getMetaData().getColumnTypeName(1))
                                .append(keys.getLong(1) > 0 ? " (positive)" : " " + keys.getLong(1));
                    }
                }
            }
            return out.toString();
        } catch (SQLException e) {
            if ("42000".equals(e.getSQLState()) && e.getErrorCode() == 1235) {
                return "refused";
            }
            // Connector/J reports MySQL's 1264 with SQLState 22001 (its DataTruncation), MariaDB's driver 22003.
            return "error " + e.getErrorCode();
        }
    }

    // ---------------------------------------------------------------------------------------------- the generator

    private static Write generate(Random r) {
        long user = 1 + r.nextInt(5);
        long product = 1 + r.nextInt(8);
        // Phase 5 gives ids from Shift's own counter (above MySQL's, with a gap): new orders are compared by content,
        // and later writes address the orders both stores number alike (or one neither has).
        long order = r.nextInt(12) == 0 ? 999 : 1 + r.nextInt(20);
        Query cart = new Query("cart", "SELECT product_id, quantity, added_at FROM shopping_carts WHERE user_id = ? "
                + "ORDER BY product_id", List.of(user));
        Query ord = new Query("order", "SELECT id, status, total_amount, updated_at FROM orders WHERE id = ?", List.of(order));
        long placed = 1 + r.nextInt(20);   // an order that exists: lines belong to one
        Query lines = new Query("lines", "SELECT product_id, quantity, price_at_time FROM order_items WHERE order_id = ? "
                + "ORDER BY product_id", List.of(placed));
        switch (r.nextInt(13)) {
            case 12:
                return new Write("order insert (generated id)", "INSERT INTO orders (user_id, total_amount, status, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?)", List.of(user, amount(r), status(r), ts(200 + r.nextInt(60)),
                        ts(200)), new Query("orders of a user", "SELECT status, total_amount, created_at FROM orders "
                        + "WHERE user_id = ? ORDER BY created_at, total_amount, status", List.of(user)));
            case 0:
                return new Write("cart upsert", "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
                        + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)",
                        List.of(user, product, quantity(r), ts(r.nextInt(60))), cart);
            case 1:
                return new Write("cart insert", "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
                        + "VALUES (?, ?, ?, ?)", List.of(user, product, quantity(r), ts(r.nextInt(60))), cart);
            case 2:
                return new Write("cart set", "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?",
                        List.of(quantity(r), user, product), cart);
            case 3:
                return new Write("cart add", "UPDATE shopping_carts SET quantity = quantity " + pick(r, "+", "-")
                        + " ? WHERE user_id = ? AND product_id = ?", List.of(quantity(r), user, product), cart);
            case 4:
                return new Write("cart delete", "DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?",
                        List.of(user, product), cart);
            case 5:
                return r.nextBoolean()
                        ? new Write("cart delete where", "DELETE FROM shopping_carts WHERE user_id = ? AND quantity >= ?",
                                List.of(user, 1 + r.nextInt(5)), cart)
                        : new Write("cart delete list", "DELETE FROM shopping_carts WHERE user_id = ? AND product_id IN (?, ?)",
                                List.of(user, product, 1L + r.nextInt(8)), cart);
            case 6:
                return new Write("order status (optimistic)", "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? "
                        + "AND status = ?", List.of(status(r), ts(100 + r.nextInt(60)), order,
                        spelling(r, STATUSES[r.nextInt(STATUSES.length)])), ord);
            case 7:
                return new Write("order amount", "UPDATE orders SET total_amount = ? WHERE id = ?", List.of(amount(r), order), ord);
            case 8:
                return new Write("line quantity", "UPDATE order_items SET quantity = ? WHERE order_id = ? AND product_id = ?",
                        List.of(quantity(r), placed, 1L + r.nextInt(4)), lines);
            case 9:
                return new Write("line delete", "DELETE FROM order_items WHERE order_id = ? AND product_id = ?",
                        List.of(placed, 1L + r.nextInt(4)), lines);
            case 10:
                return new Write("line insert", "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) "
                        + "VALUES (?, ?, ?, ?)", List.of(placed, 1L + r.nextInt(4), quantity(r), amount(r)), lines);
            default:
                return new Write("cart add (boundary)", "UPDATE shopping_carts SET quantity = quantity + ? WHERE user_id = ? "
                        + "AND product_id = ?", List.of(Integer.MAX_VALUE - r.nextInt(3), user, product), cart);
        }
    }

    /** Mostly small; sometimes INT's maximum or a fraction MySQL rounds (a half of it is refused in an increment). */
    private static Object quantity(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> new BigDecimal(pick(r, "2.5", "1.6", "-0.4"));
            default -> 1 + r.nextInt(5);
        };
    }

    /** A DECIMAL(12,2) amount: mostly exact; sometimes with a third decimal MySQL rounds, or beyond its precision. */
    private static BigDecimal amount(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> new BigDecimal("1.005");
            case 1 -> new BigDecimal("12345678901.00");
            case 2 -> new BigDecimal("-0.004");
            default -> new BigDecimal(r.nextInt(9000)).movePointLeft(2);
        };
    }

    /** A status, sometimes longer than its VARCHAR(16). */
    private static String status(Random r) {
        return r.nextInt(10) == 0 ? "awaiting-pickup-at-depot" : STATUSES[r.nextInt(STATUSES.length)];
    }
}
