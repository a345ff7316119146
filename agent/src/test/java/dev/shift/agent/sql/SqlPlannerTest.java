package dev.shift.agent.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlPlannerTest {
    final SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping());

    @Test
    void plansAreCachedPerSqlString() {
        String sql = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";
        StatementPlan p = planner.plan(sql);
        assertSame(p, planner.plan(sql));
        assertSame(p, planner.plan(new String(sql.toCharArray())), "equal text, another String instance");
        assertEquals(1, planner.cacheSize());
    }

    /**
     * A LIMIT is pushed to the Query only while the sort key's text sorts as MySQL sorts the column: not once the
     * table's DDL says the column is compared under a case-insensitive collation. The planner then plans anew.
     */
    @Test
    void aLimitFollowsTheSortKeyOnlyWhileItsTextSortsAsTheColumnsCollation() throws SQLException {
        SqlPlanner notes = new SqlPlanner(Mapping.load(new java.io.ByteArrayInputStream(("{\"dynamodb\":{\"table\":\"N\","
                + "\"partitionKey\":\"PK\",\"sortKey\":\"SK\"},\"tables\":{\"notes\":{\"entity\":\"NOTE\","
                + "\"partitionKey\":\"U#{owner}\",\"sortKey\":\"N#{title}\",\"columns\":{\"owner\":\"number-long\","
                + "\"title\":\"string\"}}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        String sql = "SELECT title FROM notes WHERE owner = ? ORDER BY title LIMIT 2";
        ReadRequest.Query exact = (ReadRequest.Query) ((ReadPlan) notes.plan(sql)).requests(List.of(1L)).get(0);
        assertEquals(2, exact.limit(), "binary text order is the column's order");

        notes.useMapping(notes.mapping().definedBy(java.util.Map.of("notes", java.util.Map.of("title",
                new dev.shift.agent.mapping.ColumnDefinition("varchar", 40, false, -1, "utf8mb4_general_ci")))).mapping());
        ReadRequest.Query collated = (ReadRequest.Query) ((ReadPlan) notes.plan(sql)).requests(List.of(1L)).get(0);
        assertEquals(null, collated.limit(), "'b' sorts before 'C' under utf8mb4_general_ci, after it as text");
    }

    @Test
    void schemaStatementsStayWithMysqlInEveryPhase() {
        assertInstanceOf(NotMigrated.class, planner.plan("CREATE TABLE IF NOT EXISTS shopping_carts (user_id BIGINT NOT NULL, "
                + "product_id BIGINT NOT NULL, PRIMARY KEY (user_id, product_id))"));
        assertInstanceOf(NotMigrated.class, planner.plan("CREATE OR REPLACE VIEW v AS SELECT user_id FROM orders"));
        assertInstanceOf(NotMigrated.class, planner.plan("ALTER TABLE orders ADD COLUMN note VARCHAR(10)"));
        assertInstanceOf(NotMigrated.class, planner.plan("DROP VIEW IF EXISTS user_orders_view"));
    }

    @Test
    void aTableOfAMigratedNameInAnotherDatabaseIsNotMigratedWhenTheMappingNamesItsDatabase() throws Exception {
        Mapping shop;
        try (java.io.InputStream in = Mapping.class.getResourceAsStream(Mapping.DEFAULT_RESOURCE)) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            shop = Mapping.load(new java.io.ByteArrayInputStream(json.replaceFirst("\\{", "{ \"database\": \"shop\",")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        SqlPlanner named = new SqlPlanner(shop);
        String query = "SELECT quantity FROM %s WHERE user_id = ? AND product_id = ?";
        assertInstanceOf(NotMigrated.class, named.plan(String.format(query, "archive.shopping_carts")));
        assertInstanceOf(ReadPlan.class, named.plan(String.format(query, "`SHOP`.`shopping_carts`")));
        assertInstanceOf(ReadPlan.class, named.plan(String.format(query, "shopping_carts")), "the connection's "
                + "database decides (the router)");
        assertInstanceOf(ReadPlan.class, planner.plan(String.format(query, "archive.shopping_carts")),
                "without a database in the mapping, the name alone decides");
    }

    /**
     * Given the rows MySQL named (phases 2-4), an UPDATE or DELETE reads nothing and writes each row's item at its key:
     * alone under autocommit, conditioned on what tells a drifted item (it exists; the WHERE's exact equalities, not
     * one compared under a case-insensitive collation); in a transaction, every row counted.
     */
    @Test
    void aWriteGivenTheRowsMysqlNamedReadsNothingAndWritesEachRowsItem() throws SQLException {
        SqlPlanner collated = new SqlPlanner(Mapping.defaultMapping());
        collated.useMapping(collated.mapping().definedBy(java.util.Map.of("orders", java.util.Map.of("status",
                new dev.shift.agent.mapping.ColumnDefinition("varchar", 16, false, -1, "utf8mb4_general_ci")))).mapping());
        Timestamp created = Timestamp.valueOf("2026-11-26 20:00:00");
        RowScope order = new RowScope("orders", java.util.Map.of("user_id", 5L, "id", 42L,   // canonical, as MySQL's are
                "created_at", collated.mapping().table("orders").column("created_at").coerce(created)));
        WritePlan cancel = (WritePlan) collated.plan("UPDATE orders SET status = ? WHERE id = ? AND total_amount = ? AND status = ?");
        assertTrue(cancel.takesMysqlRows());
        List<Object> params = List.of("cancelled", 42L, new java.math.BigDecimal("9.99"), "PENDING");
        WriteSituation autocommit = new WriteSituation(false, 7, null, false, List.of(order));
        assertEquals(List.of(), cancel.bind(params).reads(autocommit), "MySQL named the row: nothing to look up");
        dev.shift.agent.item.WriteResult r = cancel.bind(params).writes(autocommit, List.of());
        dev.shift.agent.item.ItemWrite.Update u = (dev.shift.agent.item.ItemWrite.Update) r.writes().get(0);
        assertEquals(new dev.shift.agent.item.ItemKey("USER#5", "ORDER#2026-11-26T20:00:00.000#42"), u.key());
        assertTrue(u.countsRow(), "the row counts when its item is there and as MySQL's row was");
        String condition = u.condition().toString();
        assertTrue(condition.contains("9.99") && condition.contains("PK"), condition);
        assertFalse(condition.contains("PENDING"), "MySQL matched 'pending' to 'PENDING'; DynamoDB would not: " + condition);

        WritePlan cart = (WritePlan) collated.plan("DELETE FROM shopping_carts WHERE user_id = ?");
        WriteSituation inTransaction = new WriteSituation(true, 7, null, false, List.of(
                new RowScope("shopping_carts", java.util.Map.of("user_id", 5L, "product_id", 1L)),
                new RowScope("shopping_carts", java.util.Map.of("user_id", 5L, "product_id", 2L))));
        dev.shift.agent.item.WriteResult lines = cart.bind(List.of(5L)).writes(inTransaction, List.of());
        assertEquals(List.of(new dev.shift.agent.item.ItemKey("USER#5", "CART#1"), new dev.shift.agent.item.ItemKey("USER#5", "CART#2")),
                lines.writes().stream().map(dev.shift.agent.item.ItemWrite::key).toList());
        assertEquals(2, lines.knownCount(), "both rows counted");

        WritePlan moving = (WritePlan) collated.plan("UPDATE orders SET user_id = ?, status = ? WHERE id = ?");
        assertTrue(moving.takesMysqlRows(), "an ORM's full-row UPDATE: the key columns it sets are the item's");
        assertEquals(List.of(), moving.bind(List.of(5L, "shipped", 42L)).reads(autocommit), "user 5 keeps the order");
        assertEquals(1, moving.bind(List.of(6L, "shipped", 42L)).reads(autocommit).size(),
                "given to user 6 the order moves to another item: found in DynamoDB to be moved");
    }

    @Test
    void aWritePlanNamesWhatToReadAndDecidesItsWritesFromWhatItIsGiven() throws SQLException {
        WritePlan.Bound cancel = ((WritePlan) planner.plan("UPDATE orders SET status = ? WHERE id = ? AND status = ?"))
                .bind(List.of("cancelled", 42L, "pending"));
        WriteSituation autocommit = new WriteSituation(false, 7, null);

        assertFalse(cancel.needsGeneratedKey());
        assertEquals(List.of(new ReadRequest.IndexQuery("GSI1", "GSI1PK", "ORDER#42")), cancel.reads(autocommit));
        assertEquals(0, cancel.writes(autocommit, List.of()).writes().size(), "nothing found, nothing written");

        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> order = java.util.Map.of(
                "PK", av("USER#5"), "SK", av("ORDER#2026-11-26T20:00:00.000#42"), "entity", av("ORDER"),
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("42"), "status", av("pending"));
        dev.shift.agent.item.WriteResult r = cancel.writes(autocommit, List.of(order));
        assertEquals(1, r.writes().size());
        dev.shift.agent.item.ItemWrite.Update u = (dev.shift.agent.item.ItemWrite.Update) r.writes().get(0);
        assertEquals(new dev.shift.agent.item.ItemKey("USER#5", "ORDER#2026-11-26T20:00:00.000#42"), u.key());
        assertTrue(u.condition().toString().contains("pending"), "still conditioned on the WHERE: " + u.condition());
        assertEquals(0, cancel.writes(autocommit, List.of(java.util.Map.of("PK", av("USER#5"), "SK", av("x"),
                "entity", av("ORDER"), "status", av("shipped")))).writes().size(), "a found item the WHERE rejects");

        WritePlan byKey = (WritePlan) planner.plan("DELETE FROM shopping_carts WHERE user_id = ? AND product_id = ?");
        assertEquals(List.of(), byKey.bind(List.of(5L, 7L)).reads(autocommit), "by full key under autocommit: nothing read");
        assertEquals(1, byKey.bind(List.of(5L, 7L)).reads(new WriteSituation(true, 7, null)).size(),
                "inside a transaction the row is read, to be matched now");
        assertEquals(List.of(), byKey.bind(java.util.Arrays.asList(null, 7L)).reads(new WriteSituation(true, 7, null)),
                "user_id = NULL matches nothing: nothing to read");

        WritePlan.Bound insert = ((WritePlan) planner.plan("INSERT INTO orders (user_id, total_amount, status, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?)")).bind(List.of(5L, new java.math.BigDecimal("9.99"), "pending",
                Timestamp.valueOf("2026-11-26 17:40:00"), Timestamp.valueOf("2026-11-26 17:40:00")));
        assertTrue(insert.needsGeneratedKey(), "the id is left to the database");
        assertEquals(1001L, insert.writes(new WriteSituation(false, 7, 1001L), List.of()).generatedKey());
        // MySQL refuses a value too long for its column only for a row it updates: an UPDATE of no row refuses nothing.
        WritePlan.Bound tooLong = ((WritePlan) planner.plan("UPDATE orders SET status = ? WHERE id = ?"))
                .bind(List.of("x".repeat(200), 42L));
        assertEquals(1, tooLong.reads(autocommit).size(), "the row is looked for first");
        assertEquals(0, tooLong.writes(autocommit, List.of()).knownCount());
        dev.shift.agent.mapping.TableMapping orders = planner.mapping().table("orders");
        java.util.Map<String, Object> row = new java.util.HashMap<>(java.util.Map.of("id", 42L, "user_id", 5L,
                "status", "pending", "total_amount", new java.math.BigDecimal("1.00"),
                "created_at", Timestamp.valueOf("2026-11-26 17:40:00"), "updated_at", Timestamp.valueOf("2026-11-26 17:40:00")));
        row.replaceAll((c, v) -> orders.column(c).coerce(v));
        var item = dev.shift.agent.mapping.RowItems.item(planner.mapping(), orders, row,
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1"));
        SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> tooLong.writes(autocommit, List.of(item)));
        assertEquals("22001", refused.getSQLState(), "refused for the row it would update");
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String s) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
    }

    @Test
    void neverThrowsAndCachesBadSqlToo() {
        StatementPlan bad = planner.plan("SELEKT quantity FROM shopping_carts");
        assertInstanceOf(Untranslatable.class, bad);
        assertSame(bad, planner.plan("SELEKT quantity FROM shopping_carts"));
        assertInstanceOf(NotMigrated.class, planner.plan("SHOW FULL PROCESSLIST"));
        assertInstanceOf(NotMigrated.class, planner.plan("SELECT @@session.transaction_isolation"));
        assertInstanceOf(NotMigrated.class, planner.plan("this is not sql at all"));
        assertInstanceOf(NotMigrated.class, planner.plan(""));
        assertInstanceOf(Untranslatable.class, planner.plan("DELETE FROM shopping_carts WHERE user_id = 1; DROP TABLE users"));
        assertInstanceOf(NotMigrated.class, planner.plan("SELECT * FROM shopping_carts_archive WHERE user_id = ?"), "word match, not substring");
        Untranslatable u = (Untranslatable) planner.plan("TRUNCATE TABLE orders");
        assertEquals("orders", u.table());
        SQLException e = u.toException();
        assertEquals("42000", e.getSQLState(), "like MySQL's own 'not supported yet' (no pool evicts on it)");
        assertEquals(1235, e.getErrorCode());
        assertTrue(e.getMessage().contains("TRUNCATE TABLE orders") && e.getMessage().contains("orders"), e.getMessage());
        for (int i = 0; i < 50; i++) {
            new SqlPlanner(Mapping.defaultMapping(), 10).plan("SELECT " + i + " FROM orders WHERE id = ?");
        }
    }

    @Test
    void boundedCache() {
        SqlPlanner small = new SqlPlanner(Mapping.defaultMapping(), 10);
        for (int i = 0; i < 25; i++) {
            small.plan("SELECT id FROM orders WHERE id = " + i);
        }
        assertTrue(small.cacheSize() <= 10, "size " + small.cacheSize());
    }

    @Test
    void caseQuotingAndSchemaDoNotMatter() throws SQLException {
        ReadPlan p = (ReadPlan) planner.plan("select `quantity` from shop.`Shopping_Carts` where USER_ID = ? and `product_id` = 7");
        assertEquals(new ReadRequest.Get(new dev.shift.agent.item.ItemKey("USER#3", "CART#7")), p.requests(List.of(3L)).get(0));
        ReadPlan lit = (ReadPlan) planner.plan("SELECT quantity FROM shopping_carts WHERE user_id = '3' AND product_id = 7");
        assertEquals(new ReadRequest.Get(new dev.shift.agent.item.ItemKey("USER#3", "CART#7")), lit.requests(List.of()).get(0));
    }

    /**
     * A line inserted after its order in the same transaction finds the order among the transaction's own writes, with
     * no index Query, once the DDL says {@code ORDER#{id}} holds the orders' whole primary key (no other item can carry
     * it); without the DDL the index is queried, as it must be.
     */
    @Test
    void aLineFindsTheOrderItsTransactionInsertedWithoutQueryingTheIndex() throws Exception {
        SqlPlanner ddlRead = new SqlPlanner(Mapping.defaultMapping());
        ddlRead.useMapping(ddlRead.mapping().definedBy(java.util.Map.of("orders", java.util.Map.of("id",
                new dev.shift.agent.mapping.ColumnDefinition("bigint", -1, false, -1, -1, null, null, false, true)))).mapping());
        assertEquals(List.of(), checkoutReads(ddlRead), "the order's key is known: nothing read");
        assertEquals(List.of("Query Users index GSI1 GSI1PK = \"ORDER#77\""), checkoutReads(planner));
    }

    /**
     * Phase 5, inside a transaction: an INSERT DynamoDB alone takes looks for a duplicate key at once, as MySQL refuses
     * one at once; not when the key holds the id Shift has just given (no item has it; the put's condition still
     * guards it at COMMIT).
     */
    @Test
    void anOrderWhoseIdShiftGaveIsNotLookedUpForADuplicateKey() throws Exception {
        dev.shift.agent.dynamo.InMemoryStore store = new dev.shift.agent.dynamo.InMemoryStore(planner.mapping());
        dev.shift.agent.dynamo.DynamoTransaction tx = new dev.shift.agent.dynamo.DynamoTransaction(store);
        tx.setAutoCommit(false);
        tx.mysqlNotWritten();
        Timestamp at = Timestamp.valueOf("2026-12-04 11:00:00");
        tx.execute((WritePlan) planner.plan("INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)"), List.of(4L, new java.math.BigDecimal("9.50"), "PENDING", at, at),
                dev.shift.agent.dynamo.IdSource.fixed(78L));
        assertEquals(List.of(), store.drainLog(), "the id Shift gave is new");
        tx.execute((WritePlan) planner.plan("INSERT INTO orders (id, user_id, total_amount, status, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?)"), List.of(79L, 4L, new java.math.BigDecimal("1.00"), "PENDING",
                at, at), dev.shift.agent.dynamo.IdSource.NONE);
        assertEquals(List.of("GetItem Users key=USER#4 / ORDER#2026-12-04T11:00:00.000#79 consistent"), store.drainLog(),
                "an id the application gives may be taken");
        tx.commit();
        assertEquals(3, store.all().size(), "both orders and the entry that takes them back to MySQL: " + store.all());
    }

    /**
     * Under autocommit, a write through an index that holds the whole primary key takes only the hit's key when every
     * equality compares exactly (its condition is then the WHERE, checked on the item); a case-insensitive column
     * cannot be a DynamoDB condition, so the hit is read again by key and matched as MySQL would.
     */
    @Test
    void aWriteThroughAUniqueIndexReadsOnlyKeysWhenItsConditionsCompareExactly() throws Exception {
        SqlPlanner ddlRead = new SqlPlanner(Mapping.defaultMapping());
        ddlRead.useMapping(ddlRead.mapping().definedBy(java.util.Map.of("orders", java.util.Map.of(
                "id", new dev.shift.agent.mapping.ColumnDefinition("bigint", -1, false, -1, -1, null, null, false, true),
                "status", new dev.shift.agent.mapping.ColumnDefinition("varchar", 16, false, -1, "utf8mb4_general_ci"))))
                .mapping());
        WriteSituation autocommit = new WriteSituation(false, 1L, null);
        WritePlan byId = (WritePlan) ddlRead.plan("UPDATE orders SET status = 'shipped' WHERE id = ? AND user_id = ?");
        assertEquals(List.of(new ReadRequest.IndexQuery("GSI1", "GSI1PK", "ORDER#42", true, true)),
                byId.bind(List.of(42L, 4L)).reads(autocommit));
        assertTrue(byId.appliesAtOnce(List.of(42L, 4L)));
        WritePlan byStatus = (WritePlan) ddlRead.plan("UPDATE orders SET status = 'x' WHERE id = ? AND status = ?");
        assertEquals(List.of(new ReadRequest.IndexQuery("GSI1", "GSI1PK", "ORDER#42", true, false)),
                byStatus.bind(List.of(42L, "Pending")).reads(autocommit));
        assertFalse(byStatus.appliesAtOnce(List.of(42L, "Pending")));
        WritePlan delete = (WritePlan) ddlRead.plan("DELETE FROM orders WHERE id = ?");
        assertEquals(List.of(new ReadRequest.IndexQuery("GSI1", "GSI1PK", "ORDER#42", true, false)),
                delete.bind(List.of(42L)).reads(new WriteSituation(true, 1L, null)), "inside a transaction: read as always");
    }

    /** The reads an order and its line inserted in one transaction make, after checking the line joined the order. */
    private static List<String> checkoutReads(SqlPlanner p) throws SQLException {
        dev.shift.agent.dynamo.InMemoryStore store = new dev.shift.agent.dynamo.InMemoryStore(p.mapping());
        dev.shift.agent.dynamo.DynamoTransaction tx = new dev.shift.agent.dynamo.DynamoTransaction(store);
        tx.setAutoCommit(false);
        Timestamp at = Timestamp.valueOf("2026-12-04 11:00:00");
        tx.execute((WritePlan) p.plan("INSERT INTO orders (user_id, total_amount, status, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)"), List.of(4L, new java.math.BigDecimal("9.50"), "PENDING", at, at),
                dev.shift.agent.dynamo.IdSource.fixed(77L));
        tx.execute((WritePlan) p.plan("INSERT INTO order_items (order_id, product_id, quantity, price_at_time) "
                + "VALUES (?, ?, ?, ?)"), List.of(77L, 3L, 2, new java.math.BigDecimal("4.75")),
                dev.shift.agent.dynamo.IdSource.NONE);
        List<String> reads = store.drainLog();
        tx.commit();
        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> order =
                store.get(new dev.shift.agent.item.ItemKey("USER#4", "ORDER#2026-12-04T11:00:00.000#77"));
        assertEquals(1, order.get("items").l().size(), "the line joined its order: " + order);
        return reads;
    }

    @Test
    void parameterIndexesFollowTheTextAcrossSetAndWhere() throws Exception {
        // SET params come first, then WHERE params; literals do not consume an index
        WritePlan w = (WritePlan) planner.plan("UPDATE orders SET status = 'x', updated_at = ? WHERE user_id = ? AND created_at = ? AND id = ?");
        dev.shift.agent.dynamo.InMemoryStore store = new dev.shift.agent.dynamo.InMemoryStore(planner.mapping());
        dev.shift.agent.dynamo.DynamoTransaction tx = new dev.shift.agent.dynamo.DynamoTransaction(store);
        tx.execute(w, List.of(Timestamp.valueOf("2026-11-26 18:00:00"), 4L, Timestamp.valueOf("2026-11-26 17:00:00"), 9L), dev.shift.agent.dynamo.IdSource.NONE);
        String log = store.drainLog().get(0);
        assertTrue(log.contains("key=USER#4 / ORDER#2026-11-26T17:00:00.000#9"), log);
        assertTrue(log.contains("updated_at = S:\"2026-11-26T18:00:00.000\"") && log.contains("status = S:\"x\""), log);
        // a partition read whose leading sort-key column is bound narrows the begins_with prefix
        ReadPlan r = (ReadPlan) planner.plan("SELECT id FROM orders WHERE created_at = ? AND user_id = ?");
        assertEquals(new ReadRequest.Query("USER#5", "ORDER#2026-11-26T17:00:00.000#", true, null),
                r.requests(List.of(Timestamp.valueOf("2026-11-26 17:00:00"), 5L)).get(0));
        // a NULL key value matches nothing, without a read
        assertEquals(List.of(), r.requests(java.util.Arrays.asList(null, 5L)));
    }

    @Test
    void unsupportedShapesSayWhy() {
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? OR product_id = ?", "conditions joined by OR do not bind a key");
        assertReason("SELECT quantity FROM shopping_carts WHERE product_id > 3", "must bind user_id by equality");
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id REGEXP 'a'", "REGEXP");
        assertReason("SELECT SUBSTRING(status, 1, 2) FROM orders WHERE id = ?", "function SUBSTRING()");
        assertReason("SELECT id FROM orders WHERE user_id = ? AND COUNT(*) > 1", "aggregate COUNT() in WHERE is not allowed");
        assertReason("SELECT id FROM orders WHERE id IN (" + "?, ".repeat(100) + "?)", "an IN list of 101 keys");
        assertReason("SELECT c.quantity FROM shopping_carts c RIGHT JOIN products p ON p.id = c.product_id WHERE c.user_id = ?", "only INNER JOIN and LEFT JOIN");
        assertReason("SELECT c.quantity FROM shopping_carts c JOIN products p ON p.id > c.product_id WHERE c.user_id = ?", "ON must be one equality");
        assertReason("INSERT INTO shopping_carts SELECT * FROM old_carts", "INSERT … SELECT");
        assertReason("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (1, 2, 3, NOW()), (1, 3, 3, NOW())", "multi-row INSERT");
        assertReason("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE product_id = ?", "key column product_id");
        assertReason("UPDATE shopping_carts SET quantity = ? WHERE user_id = ? AND product_id = ? LIMIT 1", "ORDER BY / LIMIT");
        assertReason("UPDATE order_items SET order_id = ? WHERE order_id = ?", "moves the row to another item");
        assertReason("DELETE FROM order_items WHERE product_id = ?", "must bind order_id by equality");
        assertReason("SELECT product_id FROM order_items WHERE product_id = ?", "must bind order_id");
        assertReason("SELECT id FROM orders WHERE id IN (SELECT order_id FROM order_items WHERE order_id = 1)", "subquery");
        assertReason("SELECT id FROM orders UNION SELECT id FROM orders", "UNION");
    }

    /** Shapes the merge stage answers: the read is bounded by a key, everything else is evaluated on the rows. */
    @Test
    void shapesBoundedByAKeyAreAnsweredWhateverElseTheyAsk() {
        for (String sql : List.of(
                "SELECT DISTINCT user_id FROM shopping_carts WHERE user_id = ?",
                "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id LIKE 'a%'",
                "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id IS NULL",
                "SELECT UPPER(status), total_amount * 2, COALESCE(status, 'none') FROM orders WHERE id = ?",
                "SELECT c.quantity FROM shopping_carts c JOIN products p ON p.id = c.product_id WHERE c.user_id = ? AND p.price > 3",
                "SELECT c.quantity FROM shopping_carts c JOIN products p ON p.id = c.product_id WHERE c.user_id = ? AND p.name = 'x'",
                "SELECT user_id, COUNT(*) FROM shopping_carts WHERE user_id = ?",
                "SELECT status, COUNT(*), AVG(total_amount) FROM orders WHERE user_id = ? GROUP BY status HAVING COUNT(*) > 1 ORDER BY 2 DESC",
                "SELECT id FROM orders WHERE user_id = ? AND status IN (?, ?) AND created_at BETWEEN ? AND ?",
                "SELECT quantity FROM shopping_carts c1_0 WHERE (c1_0.product_id, c1_0.user_id) IN ((?, ?))",
                "SELECT id FROM orders WHERE id IN (?, ?, ?)")) {
            assertInstanceOf(ReadPlan.class, planner.plan(sql), () -> sql + " → " + planner.plan(sql));
        }
    }

    @Test
    void anInListOnTheKeyReadsEachKey() throws SQLException {
        ReadPlan composite = (ReadPlan) planner.plan(
                "SELECT quantity FROM shopping_carts c1_0 WHERE (c1_0.product_id, c1_0.user_id) IN ((?, ?), (?, ?))");
        assertEquals(List.of(new ReadRequest.Get(new dev.shift.agent.item.ItemKey("USER#3", "CART#7")),
                        new ReadRequest.Get(new dev.shift.agent.item.ItemKey("USER#4", "CART#8"))),
                composite.requests(List.of(7L, 3L, 8L, 4L)));
        ReadPlan cart = (ReadPlan) planner.plan("SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id IN (?, ?)");
        assertEquals(2, cart.requests(java.util.Arrays.asList(3L, 7L, 8L)).size(), "one GetItem per listed key");
        assertEquals(1, cart.requests(java.util.Arrays.asList(3L, 7L, null)).size(), "IN (NULL) matches no row: no read");
    }

    @Test
    void twoValuesThatMayBeStringsAreNotComparedWithoutAColumnsCollation() {
        String reason = "neither of which is a column";
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND ? = 'a'", reason);
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND 'a' = 'A'", reason);
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND ? LIKE 'a%'", reason);
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND ? IN ('a', 'b')", reason);
        assertReason("SELECT quantity FROM shopping_carts WHERE user_id = ? AND ? BETWEEN 'a' AND 'b'", reason);
        // No collation takes part: numbers, or a column on one side.
        assertInstanceOf(ReadPlan.class, planner.plan("SELECT quantity FROM shopping_carts WHERE user_id = ? AND 1 = 1"));
        assertInstanceOf(ReadPlan.class, planner.plan("SELECT quantity FROM shopping_carts WHERE user_id = ? AND ? = 1"));
        assertInstanceOf(ReadPlan.class, planner.plan(
                "SELECT id FROM orders WHERE user_id = ? AND status IN ('a', ?) AND ? = status"));
    }

    private void assertReason(String sql, String expected) {
        StatementPlan p = planner.plan(sql);
        assertInstanceOf(Untranslatable.class, p, sql);
        assertTrue(((Untranslatable) p).reason().contains(expected), sql + " → " + ((Untranslatable) p).reason());
    }

    @Test
    void supportsTheGeneralisedShapes() {
        for (String sql : List.of(
                "SELECT * FROM shopping_carts WHERE user_id = ?",
                "SELECT c.* FROM shopping_carts c WHERE c.user_id = ?",
                "SELECT quantity AS q FROM shopping_carts WHERE user_id = ? ORDER BY q DESC, 1 LIMIT 2, 3",
                "SELECT MIN(added_at), MAX(quantity), COUNT(quantity) FROM shopping_carts WHERE user_id = ?",
                "SELECT p.name, c.quantity FROM products p JOIN shopping_carts c ON c.product_id = p.id WHERE c.user_id = ?",
                "SELECT c.quantity, p.name FROM shopping_carts c LEFT JOIN products p ON p.id = c.product_id WHERE c.user_id = ?",
                "SELECT id FROM orders WHERE user_id = ? AND status = 'pending' ORDER BY created_at LIMIT 5 OFFSET ?",
                "UPDATE shopping_carts SET quantity = quantity - ? WHERE user_id = ? AND product_id = ?",
                "UPDATE orders SET status = ? WHERE user_id = ?",
                "DELETE FROM orders WHERE id = ?",
                "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), added_at = ?",
                "INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, 1.50, 'new', ?, ?)")) {
            StatementPlan p = planner.plan(sql);
            assertTrue(p instanceof ReadPlan || p instanceof WritePlan, sql + " → " + p);
        }
    }
}
