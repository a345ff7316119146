package dev.shift.agent.dynamo;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.merge.RowSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.WritePlan;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The engine against a real DynamoDB-compatible server (dynalite, from the testkit) and a real MariaDB:
 * every shop statement written through the engine and read back through it, item shapes checked with the raw
 * SDK, and every read compared with MariaDB running the same SQL on the same data (labels, JDBC types,
 * Java values) — the JOIN's products side is read from MariaDB.
 */
class EngineIntegrationTest {
    static final String C1 = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?";
    static final String C2 = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    static final String C3 = "UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ?";
    static final String C4 = "DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    static final String C5 = "DELETE FROM shopping_carts WHERE user_id = ?";
    static final String C6 = "SELECT c.product_id, c.quantity, c.added_at, p.name, p.price FROM shopping_carts c JOIN products p ON p.id = c.product_id WHERE c.user_id = ? ORDER BY c.added_at, c.product_id";
    static final String C7 = "SELECT COUNT(*) AS line_count, SUM(quantity) AS item_count FROM shopping_carts WHERE user_id = ?";
    static final String O1 = "INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
    static final String O2 = "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)";
    static final String O3 = "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE user_id = ? ORDER BY created_at DESC LIMIT ?";
    static final String O4 = "SELECT COUNT(*) FROM orders WHERE user_id = ?";
    static final String O5 = "SELECT id, user_id, total_amount, status, created_at, updated_at FROM orders WHERE id = ?";
    static final String O6 = "SELECT oi.product_id, oi.quantity, oi.price_at_time, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ? ORDER BY oi.product_id";
    static final String O7 = "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND user_id = ? AND status = ?";

    static DynamoDbClient ddb;
    static final List<String> ops = new CopyOnWriteArrayList<>();
    /** Calls marked as made for correctness: "operation reason" ({@code shift-check/<reason>} in the User-Agent). */
    static final List<String> checked = new CopyOnWriteArrayList<>();
    /** What each Query asked DynamoDB to return (ALL_ATTRIBUTES when unset, COUNT). */
    static final List<String> querySelects = new CopyOnWriteArrayList<>();
    static Connection mysql;
    static String database;

    Mapping mapping;
    DynamoGateway gateway;
    SqlPlanner planner;
    DynamoTransaction tx;

    @BeforeAll
    static void servers() throws Exception {
        DynamoDbServer server = TestServers.dynamoDb();
        ddb = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        String op = context.request().getClass().getSimpleName().replace("Request", "");
                        ops.add(op);
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest q) {
                            querySelects.add(q.select() == null ? "ALL_ATTRIBUTES" : q.select().toString());
                        }
                        context.request().overrideConfiguration().ifPresent(o -> o.apiNames().stream()
                                .filter(a -> a.name().equals("shift-check")).forEach(a -> checked.add(op + " " + a.version())));
                    }
                })).build();
        MariaDbServer db = TestServers.mariaDb();
        database = "shift_engine_" + Long.toHexString(System.nanoTime());
        db.createDatabase(database);
        mysql = DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
        try (Statement s = mysql.createStatement()) {
            ShopSchema.createProducts(s);
            s.execute("INSERT INTO products VALUES (7, 'Blue mug', 12.50, 40), (9, 'Tea towel', 4.00, 100), (11, 'Teapot', 31.99, 3)");
            ShopSchema.createMigratedTables(s);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (mysql != null) {
            mysql.close();
            TestServers.mariaDb().dropDatabase(database);
        }
        if (ddb != null) {
            ddb.close();
        }
    }

    @BeforeEach
    void freshTable() throws Exception {
        mapping = Mapping.defaultMapping().withTableName("Users_" + UUID.randomUUID().toString().substring(0, 8));
        gateway = new DynamoGateway(ddb, mapping);
        gateway.ensureTable();
        gateway.ensureTable();   // idempotent
        planner = new SqlPlanner(mapping);
        tx = new DynamoTransaction(gateway);
        try (Statement s = mysql.createStatement()) {
            s.execute("DELETE FROM shopping_carts");
            s.execute("DELETE FROM orders");
            s.execute("DELETE FROM order_items");
        }
        ops.clear();
        checked.clear();
    }

    // ------------------------------------------------------------------ helpers

    static Timestamp ts(String iso) {
        return Timestamp.valueOf(LocalDateTime.parse(iso));
    }

    final MysqlRows mysqlRows = (sql, params) -> {
        try (PreparedStatement ps = mysql.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return RowSet.copyOf(rs);
            }
        }
    };

    RowSet read(String sql, Object... params) throws SQLException {
        StatementPlan p = planner.plan(sql);
        assertInstanceOf(ReadPlan.class, p, () -> "plan of " + sql + ": " + p);
        return dev.shift.agent.execute.ReadExecution.run((ReadPlan) p, tx.reader(), Arrays.asList(params), mysqlRows);
    }

    WriteOutcome write(String sql, IdSource ids, Object... params) throws SQLException {
        StatementPlan p = planner.plan(sql);
        assertInstanceOf(WritePlan.class, p, () -> "plan of " + sql + ": " + p);
        return tx.execute((WritePlan) p, Arrays.asList(params), ids);
    }

    /** Runs a write in MariaDB and through the engine (dual write: MySQL's generated id carried into the item). */
    long both(String sql, Object... params) throws SQLException {
        long mysqlCount;
        Long id = null;
        try (PreparedStatement ps = mysql.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            mysqlCount = ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                if (k.next()) {
                    id = k.getLong(1);
                }
            }
        }
        Long generated = id;
        WriteOutcome o = write(sql, (t, c) -> generated, params);
        assertEquals(mysqlCount, o.updateCount(), "update count of " + sql + " " + Arrays.toString(params));
        if (generated != null) {
            assertEquals(generated, o.generatedKey());
        }
        return generated == null ? o.updateCount() : generated;
    }

    /**
     * The same SELECT on MariaDB and through the engine, compared as the application sees them through JDBC:
     * labels, JDBC types, type names, scales, getObject values and classes, getString texts.
     */
    void same(String sql, Object... params) throws SQLException {
        List<String> expected;
        try (PreparedStatement ps = mysql.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                expected = describe(rs);
            }
        }
        RowSet engine = read(sql, params);
        List<String> actual = describe(new RowSetResultSet(engine));
        assertEquals(String.join("\n", expected), String.join("\n", actual), sql + " " + Arrays.toString(params));
        // and as RowSets (what a shadow-read comparison would compare): same values, same classes
        RowSet mysqlRows;
        try (PreparedStatement ps = mysql.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                mysqlRows = RowSet.copyOf(rs);
            }
        }
        assertEquals(mysqlRows.render(), engine.render());
        for (int r = 0; r < engine.rows().size(); r++) {
            assertArrayEquals(mysqlRows.rows().get(r), engine.rows().get(r), sql + " row " + r);
        }
    }

    static List<String> describe(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        java.sql.ResultSetMetaData md = rs.getMetaData();
        StringBuilder h = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            h.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append('/').append(md.getColumnTypeName(i))
                    .append("/scale=").append(md.getScale(i)).append(' ');
        }
        out.add(h.toString());
        while (rs.next()) {
            StringBuilder r = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object o = rs.getObject(i);
                r.append(o == null ? "null" : o.getClass().getSimpleName() + "=" + o).append(" '").append(rs.getString(i))
                        .append("' ");
            }
            out.add(r.toString());
        }
        return out;
    }

    Map<String, AttributeValue> raw(String pk, String sk) {
        return ddb.getItem(g -> g.tableName(mapping.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aScannableTableAnswersReadsThatBindNoKeyAsMysqlDoes() throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/mappings/scannable.json")) {
            mapping = Mapping.load(in).withTableName(mapping.tableName());
        }
        gateway = new DynamoGateway(ddb, mapping);
        planner = new SqlPlanner(mapping);
        tx = new DynamoTransaction(gateway);
        for (int i = 1; i <= 5; i++) {
            long id = both(O1, (long) i % 3, new java.math.BigDecimal(i + "0.50"), i % 2 == 0 ? "shipped" : "pending",
                    ts("2026-11-26T17:4" + i + ":00.000"), ts("2026-11-26T17:4" + i + ":00.000"));
            both(O2, id, 7L, i, new java.math.BigDecimal("12.50"));
        }
        ops.clear();
        same("SELECT COALESCE(MAX(id), 0) FROM orders");
        same("SELECT id, user_id, total_amount FROM orders WHERE status = ? ORDER BY id", "shipped");
        same("SELECT status, COUNT(*), SUM(total_amount) FROM orders GROUP BY status ORDER BY status");
        same("SELECT COUNT(*), SUM(quantity) FROM order_items");
        assertTrue(ops.stream().allMatch(op -> op.equals("Scan")), "answered by scans alone: " + ops);
    }

    @Test
    void anAdditionPastAnIntegersRangeIsRefusedAsMysqlRefusesIt() throws Exception {
        String up = "UPDATE shopping_carts SET quantity = quantity + ? WHERE user_id = ? AND product_id = ?";
        String down = "UPDATE shopping_carts SET quantity = quantity - ? WHERE user_id = ? AND product_id = ?";
        both(C1, 4L, 7L, Integer.MAX_VALUE - 1, ts("2026-11-26T17:40:00.000"), 1);
        both(C1, 4L, 7L, 1, ts("2026-11-26T17:41:00.000"), 1);   // exactly INT's maximum: allowed
        same(C2, 4L, 7L);

        bothRefuse(C1, 4L, 7L, 1, ts("2026-11-26T17:42:00.000"), 1);
        bothRefuse(up, 10, 4L, 7L);
        same(C2, 4L, 7L);   // nothing changed on either side
        assertEquals(1, both(down, 5, 4L, 7L));
        assertEquals(0, both(up, 10, 4L, 99L), "no such row: 0 rows, not an error");
        same(C2, 4L, 7L);
    }

    /**
     * The write fails on MariaDB and through the engine with the same vendor code and SQLState class (Connector/J
     * reports MySQL's 1264 as its own DataTruncation, SQLState 22001; MariaDB's driver as the server does, 22003).
     */
    private void bothRefuse(String sql, Object... params) throws SQLException {
        SQLException inMysql = assertThrows(SQLException.class, () -> {
            try (PreparedStatement ps = mysql.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
        });
        SQLException inShift = assertThrows(SQLException.class, () -> write(sql, IdSource.NONE, params));
        assertEquals(inMysql.getErrorCode(), inShift.getErrorCode(), inMysql + " / " + inShift);
        assertEquals(inMysql.getSQLState().substring(0, 2), inShift.getSQLState().substring(0, 2), inMysql + " / " + inShift);
        assertEquals("22003", inShift.getSQLState());
    }

    @Test
    void cartStatementsMatchMysql() throws Exception {
        both(C1, 1L, 7L, 2, ts("2026-11-26T17:40:00.123"), 2);
        both(C1, 1L, 7L, 3, ts("2026-11-26T17:41:00.000"), 3);
        both(C1, 1L, 9L, 1, ts("2026-11-26T17:40:01.500"), 1);
        both(C1, 1L, 11L, 4, ts("2026-11-26T17:40:01.500"), 4);
        both(C1, 2L, 7L, 1, ts("2026-11-26T17:40:02.000"), 1);
        same(C2, 1L, 7L);
        same(C2, 1L, 8L);
        same(C6, 1L);
        same(C7, 1L);
        same(C7, 3L);
        assertEquals(1, both(C3, 9, 1L, 7L));
        assertEquals(0, both(C3, 9, 1L, 99L));
        same(C2, 1L, 7L);
        assertEquals(1, both(C4, 1L, 9L));
        assertEquals(0, both(C4, 1L, 9L));
        same(C6, 1L);
        assertEquals(2, both(C5, 1L));
        same(C6, 1L);
        same(C7, 1L);
        same(C7, 2L);

        Map<String, AttributeValue> item = raw("USER#2", "CART#7");
        assertEquals("CART", item.get("entity").s());
        assertEquals("1", item.get("quantity").n());
        assertEquals("2026-11-26T17:40:02.000", item.get("added_at").s());
        assertEquals("2", item.get("user_id").n());
        assertTrue(Long.parseLong(item.get("shift_version").n()) > 1_700_000_000_000_000L);
    }

    @Test
    void orderStatementsMatchMysql() throws Exception {
        long a = both(O1, 1L, new BigDecimal("37.00"), "pending", ts("2026-11-20T10:00:00.000"), ts("2026-11-20T10:00:00.000"));
        long b = both(O1, 1L, new BigDecimal("0.10"), "completed", ts("2026-11-25T10:00:00.250"), ts("2026-11-25T10:00:00.250"));
        long c = both(O1, 2L, new BigDecimal("1234567890.99"), "pending", ts("2026-11-26T10:00:00.999"), ts("2026-11-26T10:00:00.999"));
        both(O2, a, 11L, 1, new BigDecimal("31.99"));
        both(O2, a, 7L, 2, new BigDecimal("12.50"));
        both(O2, b, 9L, 1, new BigDecimal("0.10"));
        same(O3, 1L, 10);
        same(O3, 1L, 1);
        same(O3, 3L, 5);
        querySelects.clear();
        same(O4, 1L);
        same(O4, 3L);
        same(O4, (Object) null);
        assertEquals(List.of("COUNT", "COUNT"), querySelects, "DynamoDB counts the orders, none is sent (a NULL key reads nothing)");
        same(O5, a);
        same(O5, c);
        same(O5, 99999L);
        same(O6, a);
        same(O6, b);
        same(O6, c);
        assertEquals(0, both(O7, "cancelled", ts("2026-11-26T11:00:00.000"), a, 2L, "pending"));
        assertEquals(1, both(O7, "cancelled", ts("2026-11-26T11:00:00.000"), a, 1L, "pending"));
        assertEquals(0, both(O7, "cancelled", ts("2026-11-26T11:00:01.000"), a, 1L, "pending"));
        same(O5, a);
        same(O3, 1L, 10);

        Map<String, AttributeValue> order = raw("USER#1", "ORDER#2026-11-20T10:00:00.000#" + a);
        assertEquals("ORDER", order.get("entity").s());
        assertEquals("ORDER#" + a, order.get("GSI1PK").s());
        assertEquals(0, new BigDecimal("37.00").compareTo(new BigDecimal(order.get("total_amount").n())));
        List<AttributeValue> items = order.get("items").l();
        assertEquals(2, items.size());
        assertEquals("11", items.get(0).m().get("product_id").n());
        assertEquals(0, new BigDecimal("12.50").compareTo(new BigDecimal(items.get(1).m().get("price_at_time").n())));
        assertFalse(items.get(0).m().containsKey("order_id"), "order_id comes from the parent, not stored per line");
    }

    @Test
    void decimalsAndTimestampsRoundTripExactly() throws Exception {
        long id = 77;
        write(O1, (t, col) -> id, 5L, new BigDecimal("9999999999.99"), "pending", ts("2026-01-02T03:04:05.006"), ts("2026-01-02T03:04:05.006"));
        RowSet r = read(O5, id);
        assertEquals(new BigDecimal("9999999999.99"), r.rows().get(0)[2]);
        assertEquals(ts("2026-01-02T03:04:05.006"), r.rows().get(0)[4]);
        RowSetResultSet rs = new RowSetResultSet(r);
        assertTrue(rs.next());
        assertEquals(LocalDateTime.parse("2026-01-02T03:04:05.006"), rs.getObject("CREATED_AT", LocalDateTime.class));
        assertEquals(new BigDecimal("9999999999.99"), rs.getBigDecimal("total_amount"));
        assertEquals("2026-01-02 03:04:05.006", rs.getString("created_at"));
        assertInstanceOf(LocalDateTime.class, rs.getObject(5), "Connector/J 9 returns LocalDateTime for DATETIME");
        assertEquals(ts("2026-01-02T03:04:05.006"), rs.getTimestamp(5));
        assertEquals(77L, rs.getLong(1));
        assertFalse(rs.next());
    }

    @Test
    void nullIsAnAbsentAttributeAndReadsBackAsNull() throws Exception {
        String json = "{\"dynamodb\":{\"table\":\"" + mapping.tableName() + "\",\"indexes\":[{\"name\":\"GSI1\",\"partitionKey\":\"GSI1PK\"}]},"
                + "\"tables\":{\"notes\":{\"entity\":\"NOTE\",\"partitionKey\":\"USER#{user_id}\",\"sortKey\":\"NOTE#{id}\","
                + "\"columns\":{\"user_id\":\"number-long\",\"id\":\"number-long\",\"body\":\"string\",\"score\":{\"type\":\"decimal\",\"scale\":1}}}}}";
        Mapping m = Mapping.load(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        SqlPlanner p = new SqlPlanner(m);
        DynamoTransaction t = new DynamoTransaction(new DynamoGateway(ddb, m));
        t.execute((WritePlan) p.plan("INSERT INTO notes (user_id, id, body, score) VALUES (?, ?, ?, ?)"), Arrays.asList(1L, 1L, null, new BigDecimal("2.5")), IdSource.NONE);
        Map<String, AttributeValue> item = raw("USER#1", "NOTE#1");
        assertFalse(item.containsKey("body"), "NULL is not stored");
        RowSetResultSet rs = new RowSetResultSet(dev.shift.agent.execute.ReadExecution.run((ReadPlan) p.plan("SELECT body, score FROM notes WHERE user_id = ? AND id = ?"), t.reader(), List.of(1L, 1L), mysqlRows));
        assertTrue(rs.next());
        assertNull(rs.getString("body"));
        assertTrue(rs.wasNull());
        assertEquals(new BigDecimal("2.5"), rs.getBigDecimal(2));
        assertFalse(rs.wasNull());
        // an attribute holding NULL:true (another writer) is NULL too; UPDATE … = NULL removes the attribute
        ddb.updateItem(u -> u.tableName(m.tableName()).key(Map.of("PK", AttributeValue.fromS("USER#1"), "SK", AttributeValue.fromS("NOTE#1")))
                .updateExpression("SET body = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromNul(true))));
        rs = new RowSetResultSet(dev.shift.agent.execute.ReadExecution.run((ReadPlan) p.plan("SELECT body FROM notes WHERE user_id = ? AND id = ?"), t.reader(), List.of(1L, 1L), mysqlRows));
        assertTrue(rs.next());
        assertNull(rs.getObject(1));
        t.execute((WritePlan) p.plan("UPDATE notes SET score = ? WHERE user_id = ? AND id = ?"), Arrays.asList(null, 1L, 1L), IdSource.NONE);
        assertFalse(raw("USER#1", "NOTE#1").containsKey("score"));
    }

    @Test
    void commitSendsOneTransactWriteItemsAndRollbackSendsNothing() throws Exception {
        write(C1, IdSource.NONE, 1L, 7L, 2, ts("2026-11-26T17:40:00.123"), 2);
        write(C1, IdSource.NONE, 1L, 11L, 1, ts("2026-11-26T17:40:01.000"), 1);
        ops.clear();
        tx.setAutoCommit(false);
        assertEquals(2, read(C6, 1L).rows().size());
        write(O1, (t, c) -> 500L, 1L, new BigDecimal("56.99"), "pending", ts("2026-11-26T17:42:00.000"), ts("2026-11-26T17:42:00.000"));
        write(O2, IdSource.NONE, 500L, 7L, 2, new BigDecimal("12.50"));
        write(O2, IdSource.NONE, 500L, 11L, 1, new BigDecimal("31.99"));
        assertEquals(2, write(C5, IdSource.NONE, 1L).updateCount());
        assertEquals(0L, read(C7, 1L).rows().get(0)[0], "the transaction sees its own delete");
        assertEquals(2, read(O6, 500L).rows().size(), "the transaction sees its own order and lines");
        assertFalse(ops.stream().anyMatch(o -> o.contains("Put") || o.contains("Update") || o.contains("Delete") || o.contains("Transact")),
                "nothing written before COMMIT: " + ops);
        assertEquals(3, tx.pending().size());
        tx.commit();
        assertEquals(1, ops.stream().filter(o -> o.startsWith("TransactWriteItems")).count(), ops.toString());
        tx.setAutoCommit(true);
        assertEquals(0L, read(C7, 1L).rows().get(0)[0]);
        RowSet lines = read(O6, 500L);
        assertEquals(2, lines.rows().size());
        assertEquals("Blue mug", lines.rows().get(0)[3]);

        // rollback: nothing is sent
        tx.setAutoCommit(false);
        write(C1, IdSource.NONE, 1L, 9L, 1, ts("2026-11-26T17:50:00.000"), 1);
        write(O7, IdSource.NONE, "cancelled", ts("2026-11-26T17:51:00.000"), 500L, 1L, "pending");
        ops.clear();
        tx.rollback();
        tx.setAutoCommit(true);
        assertTrue(ops.isEmpty(), ops.toString());
        assertEquals(0L, read(C7, 1L).rows().get(0)[0]);
        assertEquals("pending", read(O5, 500L).rows().get(0)[3]);
    }

    /**
     * MySQL's DELETE is a locking read: it also deletes a line committed after the transaction's SELECT of the cart.
     * So the DELETE queries the cart again, a call marked as made for correctness (code reusing the SELECT's lines
     * would leave that line behind); without a read before, its Query is the statement's own.
     */
    @Test
    void aTransactionsWriteQueryingWhatItReadBeforeReadsItAgainAndSaysWhy() throws Exception {
        write(C1, IdSource.NONE, 1L, 7L, 2, ts("2026-11-26T17:40:00.123"), 2);
        tx.setAutoCommit(false);
        assertEquals(1, read(C6, 1L).rows().size());
        assertEquals(List.of(), checked, "the transaction's own read is the statement's");
        new DynamoTransaction(gateway).execute((WritePlan) planner.plan(C1), List.of(1L, 9L, 1,
                ts("2026-11-26T17:41:00.000"), 1), IdSource.NONE);   // another connection adds a line meanwhile
        ops.clear();
        assertEquals(2, write(C5, IdSource.NONE, 1L).updateCount(), "the line added since the SELECT is deleted too");
        assertEquals(List.of("Query"), ops);
        assertEquals(List.of("Query locking-read"), checked);
        tx.rollback();

        checked.clear();
        ops.clear();
        assertEquals(2, write(C5, IdSource.NONE, 1L).updateCount());
        assertEquals(List.of("Query"), ops);
        assertEquals(List.of(), checked, "nothing read before in this transaction: the DELETE's own Query");
        tx.rollback();
        tx.setAutoCommit(true);
    }

    @Test
    void aOneItemCommitIsThatItemsWriteAndFailsWhenTheItemChangedMeanwhile() throws Exception {
        write(C1, IdSource.NONE, 2L, 7L, 1, ts("2026-11-26T17:40:00.000"), 1);
        tx.setAutoCommit(false);
        assertEquals(1, write(C3, IdSource.NONE, 4, 2L, 7L).updateCount());
        ops.clear();
        tx.commit();
        assertEquals(List.of("UpdateItem"), ops, "one item: its own UpdateItem, not TransactWriteItems");
        assertEquals(4, read(C2, 2L, 7L).rows().get(0)[0]);

        // the line is read (matched) in the transaction, then deleted by another connection before COMMIT
        assertEquals(1, write(C3, IdSource.NONE, 9, 2L, 7L).updateCount());
        DynamoTransaction other = new DynamoTransaction(gateway);
        assertEquals(1, other.execute((WritePlan) planner.plan(C4), List.of(2L, 7L), IdSource.NONE).updateCount());
        SQLException e = assertThrows(SQLException.class, tx::commit);
        assertEquals("40001", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("changed since the transaction read it"), e.getMessage());
        tx.setAutoCommit(true);
        assertTrue(read(C2, 2L, 7L).rows().isEmpty(), "the deleted line is not brought back by the failed COMMIT");
    }

    @Test
    void moreThan100ItemsInOneTransactionIsAClearError() throws Exception {
        tx.setAutoCommit(false);
        for (long p = 1; p <= 101; p++) {
            write(C1, IdSource.NONE, 3L, p, 1, ts("2026-11-26T17:40:00.000"), 1);
        }
        ops.clear();
        SQLException e = assertThrows(SQLException.class, tx::commit);
        assertTrue(e.getMessage().contains("101 DynamoDB items"), e.getMessage());
        assertTrue(ops.isEmpty());
        tx.setAutoCommit(true);
        // autocommit: a partition delete of >100 items goes in chunks
        for (long p = 1; p <= 120; p++) {
            write(C1, IdSource.NONE, 3L, p, 1, ts("2026-11-26T17:40:00.000"), 1);
        }
        assertEquals(120, write(C5, IdSource.NONE, 3L).updateCount());
        assertEquals(0L, read(C7, 3L).rows().get(0)[0]);
    }

    @Test
    void conditionalUpdateByFullKeyReturnsZeroWhenTheConditionFails() throws Exception {
        write(O1, (t, c) -> 9L, 4L, new BigDecimal("1.00"), "pending", ts("2026-11-26T17:40:00.000"), ts("2026-11-26T17:40:00.000"));
        String byFullKey = "UPDATE orders SET status = ? WHERE user_id = ? AND created_at = ? AND id = ? AND status = ?";
        ops.clear();
        assertEquals(0, write(byFullKey, IdSource.NONE, "x", 4L, ts("2026-11-26T17:40:00.000"), 9L, "completed").updateCount());
        assertEquals(List.of("UpdateItem"), ops, "one conditional UpdateItem, its failure is 0 rows");
        assertEquals(1, write(byFullKey, IdSource.NONE, "completed", 4L, ts("2026-11-26T17:40:00.000"), 9L, "pending").updateCount());
        assertEquals("completed", read(O5, 9L).rows().get(0)[3]);
    }

    @Test
    void dynamoErrorsNameTheStatementAndTable() throws Exception {
        Mapping missing = mapping.withTableName("NoSuchTable");
        SqlPlanner p = new SqlPlanner(missing);
        DynamoTransaction broken = new DynamoTransaction(new DynamoGateway(ddb, missing));
        SQLException e = assertThrows(SQLException.class, () -> broken.execute((WritePlan) p.plan(C3), List.of(1, 1L, 7L), IdSource.NONE));
        assertTrue(e.getMessage().contains("NoSuchTable") && e.getMessage().contains("UPDATE shopping_carts"), e.getMessage());
        SQLException r = assertThrows(SQLException.class, () -> dev.shift.agent.execute.ReadExecution.run((ReadPlan) p.plan(C2), broken.reader(), List.of(1L, 7L), mysqlRows));
        assertTrue(r.getMessage().contains("NoSuchTable") && r.getMessage().contains("SELECT quantity"), r.getMessage());
    }

    @Test
    void idAllocatorNeverGoesBackwards() throws Exception {
        IdAllocator ids = new IdAllocator(gateway);
        assertEquals(1, ids.next("orders", "id"));
        assertEquals(2, ids.next("orders", "id"));
        assertEquals(500, ids.initialiseAbove("orders", "id", 500));
        assertEquals(501, ids.next("orders", "id"));
        assertEquals(501, ids.initialiseAbove("orders", "id", 100), "never moves backwards");
        assertEquals(502, ids.next("orders", "id"));
        IdAllocator blocks = new IdAllocator(gateway, 10);
        long first = blocks.next("orders", "id");
        assertEquals(503, first);
        assertEquals(504, blocks.next("orders", "id"));
        assertEquals(513, ids.next("orders", "id"), "the other allocator skips the reserved block");
        Map<String, AttributeValue> counter = raw("SHIFT#COUNTER", "orders.id");
        assertEquals("513", counter.get("value").n());
        // phase 5: the allocator is the id source of O1
        WriteOutcome o = write(O1, ids, 1L, new BigDecimal("3.00"), "pending", ts("2026-11-26T17:40:00.000"), ts("2026-11-26T17:40:00.000"));
        assertEquals(514L, o.generatedKey());
        assertEquals(514L, read(O5, 514L).rows().get(0)[0]);
    }

    @Test
    void indexLookupsReadTheirOwnRecentWritesByKey() throws Exception {
        write(O1, (t, c) -> 61L, 6L, new BigDecimal("1.00"), "pending", ts("2026-11-26T17:40:00.000"), ts("2026-11-26T17:40:00.000"));
        ops.clear();
        assertEquals(61L, read(O5, 61L).rows().get(0)[0]);
        assertEquals(List.of("Query", "GetItem"), ops, "GSI query plus a consistent GetItem of the item this JVM just wrote");
        write(O7, IdSource.NONE, "cancelled", ts("2026-11-26T17:41:00.000"), 61L, 6L, "pending");
        assertEquals("cancelled", read(O5, 61L).rows().get(0)[3], "the consistent read wins over a stale index entry");
        ops.clear();
        DynamoTransaction other = new DynamoTransaction(new DynamoGateway(ddb, mapping));
        assertEquals(1, dev.shift.agent.execute.ReadExecution.run((ReadPlan) planner.plan(O5), other.reader(), List.of(61L), mysqlRows).rows().size());
        assertEquals(List.of("Query", "GetItem"), ops, "another gateway: the index hit is read again by key, once");
    }

    /**
     * SELECT … FOR UPDATE in a transaction: what the application locked must be unchanged when it commits. A change by
     * another connection in between fails the COMMIT with 40001 and writes nothing; unchanged, the COMMIT applies.
     */
    @Test
    void selectForUpdateHoldsWhatItReadUntilCommit() throws Exception {
        write(C1, IdSource.NONE, 1L, 7L, 2, ts("2026-11-26T17:40:00.123"), 2);
        String lock = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id IN (?, ?) FOR UPDATE";
        DynamoTransaction other = new DynamoTransaction(new DynamoGateway(ddb, mapping));

        tx.setAutoCommit(false);
        assertEquals(2, ((Number) lockingRead(lock, 1L, 7L, 8L).rows().get(0)[0]).intValue());
        write(C3, IdSource.NONE, 3, 1L, 7L);
        other.execute((WritePlan) planner.plan(C3), List.of(9, 1L, 7L), IdSource.NONE);   // another connection's change
        SQLException conflict = assertThrows(SQLException.class, () -> tx.commit());
        assertEquals("40001", conflict.getSQLState(), conflict.getMessage());
        assertEquals(9, ((Number) read(C2, 1L, 7L).rows().get(0)[0]).intValue(), "nothing of the transaction was written");

        // the key the lock found absent must stay absent: another connection's insert of it fails the COMMIT too
        lockingRead(lock, 1L, 7L, 8L);
        write(C3, IdSource.NONE, 4, 1L, 7L);
        other.execute((WritePlan) planner.plan(C1), List.of(1L, 8L, 1, ts("2026-11-26T17:41:00.000"), 1), IdSource.NONE);
        assertEquals("40001", assertThrows(SQLException.class, () -> tx.commit()).getSQLState());

        // unchanged: the COMMIT applies
        lockingRead(lock, 1L, 7L, 8L);
        write(C3, IdSource.NONE, 5, 1L, 7L);
        tx.commit();
        tx.setAutoCommit(true);
        assertEquals(5, ((Number) read(C2, 1L, 7L).rows().get(0)[0]).intValue());
    }

    private RowSet lockingRead(String sql, Object... params) throws SQLException {
        return dev.shift.agent.execute.ReadExecution.runLocking((ReadPlan) planner.plan(sql), tx, Arrays.asList(params), mysqlRows);
    }

    @Test
    void resultSetMetadataLooksLikeMysql() throws Exception {
        write(C1, IdSource.NONE, 1L, 7L, 2, ts("2026-11-26T17:40:00.123"), 2);
        java.sql.ResultSetMetaData md = new RowSetResultSet(read(C6, 1L)).getMetaData();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            labels.add(md.getColumnLabel(i) + ":" + md.getColumnTypeName(i));
        }
        assertEquals(List.of("product_id:BIGINT", "quantity:INT", "added_at:DATETIME", "name:VARCHAR", "price:DECIMAL"), labels);
        assertEquals(java.sql.Types.DECIMAL, md.getColumnType(5));
        assertEquals(2, md.getScale(5));
        assertArrayEquals(new Object[] {7L, 2, ts("2026-11-26T17:40:00.123"), "Blue mug", new BigDecimal("12.50")}, read(C6, 1L).rows().get(0));
    }
}
