package dev.shift.bench;

import dev.shift.agent.item.ReadRequest;
// Shift's SDK is relocated inside the agent jar; its planner speaks the relocated types.
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.shaded.software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.sql.WriteSituation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Item 2: Shift's per-statement work without I/O, on the shop's own statements (docs/shop-sql.md) with realistic
 * parameters, one statement after the other. The planner is the agent jar's own (called in-process).
 * <ul>
 *   <li>{@code cachedPlan}: the planner's cache hit (what every statement pays, on a migrated table or not);</li>
 *   <li>{@code cachedPlanAndTranslate}: the hit plus the translation into a DynamoDB request (read plans) or
 *       item writes (write plans; lookups answered empty by an in-memory reader);</li>
 *   <li>{@code firstParse}: the first, uncached parse + plan of a statement (JSqlParser);</li>
 *   <li>{@code baselineMapHit}: a ConcurrentHashMap lookup of the same strings, the floor of any cache.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatementCost {

    static final Timestamp NOW = Timestamp.valueOf("2026-11-26 20:00:00.123");

    /** The shop's statements on migrated tables with parameters, plus one that stays in MySQL. */
    static final Object[][] STATEMENTS = {
        {"INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?", List.of(5L, 7L, 1, NOW, 1)},
        {"SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?", List.of(5L, 7L)},
        {"UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?", List.of(3, 5L, 7L)},
        {"DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?", List.of(5L, 7L)},
        {"DELETE FROM shopping_carts WHERE user_id = ?", List.of(5L)},
        {"SELECT c.product_id, c.quantity, c.added_at, p.name, p.price FROM shopping_carts c JOIN products p ON p.id = c.product_id WHERE c.user_id = ? ORDER BY c.added_at, c.product_id", List.of(5L)},
        {"SELECT COUNT(*) AS line_count, SUM(quantity) AS item_count FROM shopping_carts WHERE user_id = ?", List.of(5L)},
        {"INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", List.of(5L, new BigDecimal("12.50"), "pending", NOW, NOW)},
        {"INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)", List.of(42L, 7L, 1, new BigDecimal("12.50"))},
        {"SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE user_id = ? ORDER BY created_at DESC LIMIT ?", List.of(5L, 10)},
        {"SELECT COUNT(*) FROM orders WHERE user_id = ?", List.of(5L)},
        {"SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE id = ?", List.of(42L)},
        {"SELECT oi.product_id, oi.quantity, oi.price_at_time, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ? ORDER BY oi.product_id", List.of(42L)},
        {"UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? AND status = ?", List.of("cancelled", NOW, 42L, 5L, "pending")},
        {"SELECT id, name, price FROM products WHERE id = ?", List.of(7L)},
    };

    private SqlPlanner planner;
    private String[] sql;
    private List<?>[] params;
    private java.util.concurrent.ConcurrentHashMap<String, Object> map;
    private List<Map<String, AttributeValue>> found;
    private int next;
    private long version;

    @Setup
    public void setUp() {
        planner = new SqlPlanner(Mapping.defaultMapping());
        sql = new String[STATEMENTS.length];
        params = new List<?>[STATEMENTS.length];
        map = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < STATEMENTS.length; i++) {
            // A copy, as each execution of a PreparedStatement hands the same String object to Shift.
            sql[i] = new String((String) STATEMENTS[i][0]);
            params[i] = (List<?>) STATEMENTS[i][1];
            StatementPlan p = planner.plan(sql[i]);
            map.put(sql[i], p);
            if (p.getClass().getSimpleName().equals("Untranslatable")) {
                throw new IllegalStateException("the planner cannot translate " + sql[i] + ": " + p);
            }
        }
        // Lookups by the order-id index find order 42 (order lines are appended to it, a cancel updates it);
        // every other lookup finds nothing.
        Map<String, AttributeValue> order42 = new HashMap<>();
        order42.put("PK", AttributeValue.fromS("USER#5"));
        order42.put("SK", AttributeValue.fromS("ORDER#2026-11-26T20:00:00.123#42"));
        order42.put("GSI1PK", AttributeValue.fromS("ORDER#42"));
        order42.put("entity", AttributeValue.fromS("ORDER"));
        order42.put("id", AttributeValue.fromN("42"));
        order42.put("user_id", AttributeValue.fromN("5"));
        order42.put("total_amount", AttributeValue.fromN("12.5"));
        order42.put("status", AttributeValue.fromS("pending"));
        order42.put("items", AttributeValue.fromL(List.of()));
        order42.put("shift_version", AttributeValue.fromN("1"));
        found = List.of(order42);
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == sql.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Object baselineMapHit() {
        return map.get(sql[nextIndex()]);
    }

    @Benchmark
    public Object cachedPlan() {
        return planner.plan(sql[nextIndex()]);
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object cachedPlanAndTranslate() throws SQLException {
        int i = nextIndex();
        StatementPlan p = planner.plan(sql[i]);
        List<Object> ps = (List<Object>) params[i];
        if (p instanceof ReadPlan r) {
            return r.requests(ps);
        }
        if (p instanceof WritePlan w) {
            // As the execute stage asks: bind, the id, what to read (lookups by the order-id index find order 42), the writes.
            WritePlan.Bound bound = w.bind(ps);
            WriteSituation situation = new WriteSituation(false, ++version, bound.needsGeneratedKey() ? 42L : null);
            List<ReadRequest> reads = bound.reads(situation);
            return bound.writes(situation, !reads.isEmpty() && reads.get(0) instanceof ReadRequest.IndexQuery ? found : List.of());
        }
        return p;
    }

    /**
     * Not JMH: a plain timed loop per statement (after a warm-up), to show which statements the JMH average is made
     * of. Indicative only. Returns, for each statement, {ns, bytes allocated} per call of
     * {@link #cachedPlanAndTranslate} (bytes by the JVM's per-thread allocation counter).
     */
    static Map<String, double[]> perStatement(int iterations) throws SQLException {
        StatementCost b = new StatementCost();
        b.setUp();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        Object sink = null;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < b.sql.length; i++) {
                long bytes0 = threads.getThreadAllocatedBytes(self);
                long t0 = System.nanoTime();
                for (int n = 0; n < iterations; n++) {
                    b.next = i;
                    sink = b.cachedPlanAndTranslate();
                }
                double ns = (System.nanoTime() - t0) / (double) iterations;
                out.put(b.sql[i], new double[] {ns, (threads.getThreadAllocatedBytes(self) - bytes0) / (double) iterations});
            }
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        return out;
    }

    @Benchmark
    public Object firstParse() {
        return planner.planUncached(sql[nextIndex()]);
    }
}
