package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Phase 2 with writes Shift cannot translate (a Hibernate bulk delete, a non-key UPDATE, an upsert with VALUES(),
 * a full-row UPDATE that moves an order's key, a child-row update, all with and without the application's own
 * transaction): MySQL takes them, the rows they touch go through the outbox, and DynamoDB ends up holding exactly
 * MySQL's rows, without a backfill. Real MariaDB and a private DynamoDB-compatible server.
 */
class CopiedWritesIT {

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    private RouterFixture fx;
    private ShiftMetrics metrics;
    private Outbox outbox;
    private DynamoGateway gateway;
    private SqlPlanner planner;
    private ShiftRouter router;

    @BeforeEach
    void setUp() throws Exception {
        fx = new RouterFixture(servers.mysql(), servers.client(), Mapping.defaultMapping(), Phase.DUAL_WRITE, false, st -> {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
            st.execute("INSERT INTO products VALUES (1, 'Lamp', 19.99, 10), (2, 'Desk', 120.00, 5)");
        });
        metrics = fx.metrics;
        outbox = fx.outbox;
        gateway = fx.gateway;
        planner = fx.planner;
        router = fx.router;
        try (Connection app = appConnection()) {   // translated writes: the same in both stores from the start
            for (long[] line : new long[][] {{3, 1, 2}, {3, 2, 1}, {4, 1, 1}, {5, 2, 4}}) {
                update(app, "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)",
                        line[0], line[1], (int) line[2], Timestamp.valueOf("2026-11-30 10:00:00.125"));
            }
            for (long user : new long[] {3, 4}) {
                update(app, "INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)", user, new BigDecimal("19.99"), "pending",
                        Timestamp.valueOf("2026-11-30 10:0" + user + ":00"), Timestamp.valueOf("2026-11-30 10:00:00"));
            }
            update(app, "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)",
                    1L, 1L, 1, new BigDecimal("19.99"));
        }
        drainAll();
        assertStoresAgree("after the translated writes");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void untranslatedWritesUnderAutocommitReachDynamoDb() throws Exception {
        try (Connection app = appConnection()) {
            update(app, untranslated("delete c1_0 from shopping_carts c1_0 where c1_0.user_id=? and c1_0.quantity>=abs(?)"), 3L, 0);
            update(app, untranslated("UPDATE orders SET status = ? WHERE status = ?"), "shipped", "pending");
            update(app, untranslated("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES "
                    + "(?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity) * 2"),
                    4L, 1L, 5, Timestamp.valueOf("2026-11-30 11:00:00"));
            // Translated: it moves the order to another user, i.e. to another item (deleted and put in one transaction).
            update(app, "update orders set created_at=?,status=?,total_amount=?,updated_at=?,user_id=? "
                    + "where id=?", Timestamp.valueOf("2026-12-01 09:00:00"), "paid", new BigDecimal("5.00"),
                    Timestamp.valueOf("2026-12-01 09:00:00"), 5L, 2L);
            update(app, untranslated("UPDATE order_items SET quantity = quantity + 2 WHERE product_id = ?"), 1L);
        }
        assertEquals(0, metrics.unmirrored(), "every row was followed: " + router.unmirrored().statements());
        assertTrue(outbox.oldest(10).size() >= 5, "each write left its rows in the outbox for the copy");
        drainAll();
        assertStoresAgree("after the untranslated writes");
        assertEquals(List.of(), items("USER#3", "CART#"), "the bulk delete reached DynamoDB");
        assertEquals(List.of(), items("USER#4", "ORDER#"), "the order moved to user 5 left no item behind");
        assertEquals(1, items("USER#5", "ORDER#").size(), "and is found under its new key");
    }

    @Test
    void untranslatedWritesInsideATransactionReachDynamoDbAtCommit() throws Exception {
        try (Connection app = appConnection()) {
            app.setAutoCommit(false);
            update(app, untranslated("UPDATE shopping_carts SET quantity = quantity * 2 WHERE quantity < ?"), 3);
            update(app, "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)",
                    6L, 1L, 7, Timestamp.valueOf("2026-11-30 12:00:00"));   // translated, same transaction
            app.commit();
            update(app, untranslated("delete c1_0 from shopping_carts c1_0 where c1_0.user_id=? and c1_0.quantity>=abs(?)"), 5L, 0);
            app.rollback();   // rolled back: nothing to copy, and DynamoDB keeps user 5's line
        }
        drainAll();
        assertStoresAgree("after the transactions");
        assertEquals("4", items("USER#3", "CART#1").get(0).get("quantity").n());
        assertEquals(1, items("USER#5", "CART#").size());
    }

    @Test
    void aJdbcBatchHoldingUntranslatedWritesReachesDynamoDb() throws Exception {
        String delete = untranslated("delete c1_0 from shopping_carts c1_0 where c1_0.user_id=? and c1_0.quantity>=abs(?)");
        try (Connection app = appConnection(); PreparedStatement ps = app.prepareStatement(delete)) {
            for (long user : new long[] {3, 5}) {
                ps.setLong(1, user);
                ps.setInt(2, 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        assertEquals(0, metrics.unmirrored(), router.unmirrored().statements().toString());
        drainAll();
        assertStoresAgree("after the batch");
        assertEquals(List.of(), items("USER#5", "CART#"), "the batch's delete reached DynamoDB");
    }

    @Test
    void aWriteWhoseRowsCannotBeFollowedIsCountedAndNamed() throws Exception {
        String sql = untranslated("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
                + "SELECT user_id, 9, 1, created_at FROM orders WHERE id = ?");
        try (Connection app = appConnection()) {
            update(app, sql, 1L);
        }
        assertEquals(1, metrics.unmirrored());
        assertEquals(Map.of("shopping_carts", 1L), router.unmirrored().perTable());
        assertEquals(Map.of(sql, "INSERT … SELECT is not supported"), router.unmirrored().statements());
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** The statement, after checking that Shift cannot translate it (else this test would prove nothing). */
    private String untranslated(String sql) {
        assertInstanceOf(Untranslatable.class, planner.plan(sql), sql);
        return sql;
    }

    private void drainAll() throws SQLException {
        fx.drainAll();
    }

    /** Every cart line and order in MySQL has its item in DynamoDB with the same values, and no item has no row. */
    private void assertStoresAgree(String when) throws SQLException {
        Map<String, String> fromMysql = new TreeMap<>();
        try (Connection c = rawConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT user_id, product_id, quantity FROM shopping_carts")) {
                while (rs.next()) {
                    fromMysql.put("USER#" + rs.getLong(1) + " CART#" + rs.getLong(2), "quantity=" + rs.getInt(3));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT o.id, o.user_id, o.status, o.total_amount, "
                    + "(SELECT SUM(quantity) FROM order_items i WHERE i.order_id = o.id) FROM orders o")) {
                while (rs.next()) {
                    fromMysql.put("USER#" + rs.getLong(2) + " ORDER " + rs.getLong(1), "status=" + rs.getString(3)
                            + " total=" + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()
                            + " items=" + (rs.getObject(5) == null ? 0 : rs.getInt(5)));
                }
            }
        }
        Map<String, String> fromDynamo = new TreeMap<>();
        for (Map<String, AttributeValue> item : servers.client().scan(s -> s.tableName(gateway.tableName())).items()) {
            String pk = item.get("PK").s();
            String sk = item.get("SK").s();
            if (sk.startsWith("CART#")) {
                fromDynamo.put(pk + " " + sk, "quantity=" + item.get("quantity").n());
            } else if (sk.startsWith("ORDER#")) {
                int lines = 0;
                if (item.containsKey("items")) {
                    for (AttributeValue line : item.get("items").l()) {
                        lines += Integer.parseInt(line.m().get("quantity").n());
                    }
                }
                fromDynamo.put(pk + " ORDER " + item.get("id").n(), "status=" + item.get("status").s()
                        + " total=" + new BigDecimal(item.get("total_amount").n()).stripTrailingZeros().toPlainString()
                        + " items=" + lines);
            }
        }
        assertEquals(fromMysql, fromDynamo, when);
    }

    private List<Map<String, AttributeValue>> items(String pk, String skPrefix) {
        return new ArrayList<>(servers.client().query(q -> q.tableName(gateway.tableName()).consistentRead(true)
                .keyConditionExpression("PK = :p AND begins_with(SK, :s)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk), ":s", AttributeValue.fromS(skPrefix))))
                .items());
    }

    private static void update(Connection app, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private Connection rawConnection() throws SQLException {
        return fx.raw();
    }

    private Connection appConnection() throws SQLException {
        return fx.app();
    }
}
