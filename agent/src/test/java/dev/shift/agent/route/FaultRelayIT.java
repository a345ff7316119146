package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.dynamo.CircuitBreaker;
import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.GuardedItemStore;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.JdbcWrapping;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.outbox.OutboxDrainer;
import dev.shift.agent.reverse.ReverseSync;
import dev.shift.agent.schema.LearnedDefinitions;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.FaultRelay.Fault;
import dev.shift.testkit.FaultRelay;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What real DynamoDB does and the test server does not, injected by a {@link FaultRelay} between Shift and the
 * server: throttling, 500s, a transaction conflict, a response lost after the write was applied. For each: nothing
 * lost, nothing applied twice, no wrong answer; phases 2-3 fail no request, phases 4-5 fail the statement clearly.
 */
class FaultRelayIT {
    private static final String ADD = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, 1, ?) "
            + "ON DUPLICATE KEY UPDATE quantity = quantity + 1";
    /** Generous: every injected fault answers at once, and a loaded machine must not add failures of its own. */
    private static final DynamoClients.Timeouts TIMEOUTS = new DynamoClients.Timeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** How long after its first copy an entry whose write's answer was lost is copied again (10 s in the agent). */
    private static final Duration LATE_LANDING = Duration.ofMillis(500);

    private MariaDbServer mysql;
    private DynamoDbServer dynamo;
    private FaultRelay relay;
    private DynamoDbClient direct;
    private DynamoGateway background;
    private String database;
    private MigrationControl control;
    private OutboxDrainer drainer;
    private Outbox outbox;
    private SqlPlanner planner;
    private DynamoGateway live;

    @BeforeEach
    void setUp() throws Exception {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();
        relay = FaultRelay.start(dynamo.endpoint());
        direct = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
        database = "relay_" + System.nanoTime();
        mysql.createDatabase(database);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        }
        planner = new SqlPlanner(Mapping.defaultMapping().withTableName("Relay_" + System.nanoTime()));
        background = new DynamoGateway(direct, planner.mapping());   // Shift's own repairs: not through the relay
        background.ensureTable();
        System.setProperty("aws.accessKeyId", dynamo.accessKeyId());
        System.setProperty("aws.secretAccessKey", dynamo.secretAccessKey());
        control = MigrationControl.startingIn(Phase.DUAL_WRITE);
        outbox = new Outbox(this::raw, Outbox.DEFAULT_TABLE, 2, Duration.ofSeconds(1));
        drainer = new OutboxDrainer(outbox, new ScopeRepair(new Stores(this::raw, "test", background), planner), control::flags)
                .copyingLostAnswersAgainAfter(LATE_LANDING);
        installRouter(TIMEOUTS);
    }

    /** The statements' way to DynamoDB goes through the relay, waiting {@code timeouts}. */
    private void installRouter(DynamoClients.Timeouts timeouts) {
        live = new DynamoGateway(DynamoClients.retrying(relay.endpoint(), dynamo.region(), timeouts),
                DynamoClients.singleAttempt(relay.endpoint(), dynamo.region(), timeouts), planner.mapping());
        GuardedItemStore guarded = new GuardedItemStore(live, new CircuitBreaker(50, TimeUnit.SECONDS.toNanos(30), System::nanoTime));
        Interception.install(new ShiftRouter(control, planner, guarded, new IdAllocator(live), new ShiftMetrics(), drainer));
    }

    @AfterEach
    void tearDown() throws Exception {
        Interception.reset();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        drainer.close();
        relay.close();
        direct.close();
        dynamo.close();
        mysql.dropDatabase(database);
    }

    @Test
    void phase2FaultsFailNoRequestAndTheOutboxHealsWithoutDoubling() throws Exception {
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 1);
            relay.inject("UpdateItem", Fault.LOSE_RESPONSE, 1);   // applied in DynamoDB, Shift hears nothing
            add(app, 1);
            relay.inject("UpdateItem", Fault.THROTTLE, 1);
            add(app, 1);
            relay.inject("UpdateItem", Fault.SERVER_ERROR, 1);
            add(app, 1);
        }
        assertEquals(3, relay.injected("UpdateItem"), "every fault was met");
        assertEquals(4, mysqlQuantity(1), "every request succeeded");
        drainAll();
        assertEquals("4", cartItem(1).get("quantity").n(), "DynamoDB holds MySQL's quantity: the lost ADD is not counted twice");
    }

    /**
     * Phase 4 writes DynamoDB before MySQL commits. A single-row statement under auto-commit reads nothing first (its
     * write carries its own condition, MySQL's row lock orders it); when DynamoDB's answer is lost the request fails,
     * MySQL rolls back, and the outbox puts DynamoDB back to MySQL's state although the write had applied.
     */
    @Test
    void phase4SingleRowWritesReadNothingFirstAndALostAnswerIsPutBack() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 4);
            add(app, 4);
            assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = 5 WHERE user_id = 7 AND product_id = ?", 4));
            add(app, 6);
            assertEquals(1, update(app, "DELETE FROM shopping_carts WHERE user_id = 7 AND product_id = ?", 6));
            assertEquals(0, update(app, "DELETE FROM shopping_carts WHERE user_id = 7 AND product_id = ?", 6));
            assertEquals(0, relay.received("GetItem"), "no write read its item first");
            assertEquals(4, relay.received("UpdateItem"), "one UpdateItem per add or change");
            assertEquals(2, relay.received("DeleteItem"), "one DeleteItem per remove");

            relay.inject("UpdateItem", Fault.LOSE_RESPONSE, 1);   // applied in DynamoDB, Shift hears nothing
            SQLException e = assertThrows(SQLException.class, () -> add(app, 4));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
            assertTrue(app.getAutoCommit(), "the application's autocommit mode is as it was");
        }
        assertEquals(5, mysqlQuantity(4), "MySQL rolled back what DynamoDB's lost answer could not confirm");
        assertEquals("6", cartItem(4).get("quantity").n(), "DynamoDB had applied it");
        drainAll();
        assertEquals("5", cartItem(4).get("quantity").n(), "the outbox put DynamoDB back to MySQL's state");
        assertTrue(cartItem(6).isEmpty(), "the removed line stays removed");

        // An item that drifted from its row (deleted behind Shift's back): the UPDATE MySQL counts, DynamoDB does not;
        // the difference is not settled but copied from MySQL.
        direct.deleteItem(b -> b.tableName(background.tableName()).key(Map.of("PK", AttributeValue.fromS("USER#7"),
                "SK", AttributeValue.fromS("CART#4"))));
        try (Connection app = JdbcWrapping.wrap(raw())) {
            assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = 8 WHERE user_id = 7 AND product_id = ?", 4));
        }
        drainAll();
        assertEquals("8", cartItem(4).get("quantity").n(), "the drifted item is back, with MySQL's values");
    }

    /**
     * Phase 4: DynamoDB does not answer an add (the request is held at the relay), so the statement fails and MySQL
     * rolls back; the outbox finds MySQL's state (no row) and DynamoDB's (no item) equal. Then the held request reaches
     * the server and creates the item after all. The entry, whose write may land late, was kept to be copied again, and
     * the second copy removes the item.
     */
    @Test
    void phase4AWriteWhoseAnswerWasLostLandingAfterTheRepairIsPutBackToo() throws Exception {
        control.change(Phase.DYNAMODB_READ.flags(), "test");
        installRouter(new DynamoClients.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2)));
        relay.hold("UpdateItem");   // the relay keeps it (up to 30 s) while the statement gives up after 2 s
        try (Connection app = JdbcWrapping.wrap(raw())) {
            SQLException e = assertThrows(SQLException.class, () -> add(app, 9));
            assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        }
        assertEquals(-1, mysqlQuantity(9), "MySQL rolled back");
        drainer.drainOnce();
        assertTrue(cartItem(9).isEmpty(), "the first copy: no row, no item");
        List<Outbox.Entry> kept = outbox.oldest(10);
        assertEquals(1, kept.size(), "the entry is kept for a second copy");
        assertTrue(kept.get(0).lastError().contains("in case DynamoDB still applies the write"), kept.get(0).lastError());
        assertEquals(0, kept.get(0).attempts(), "not a failed attempt");

        relay.release("UpdateItem");
        for (int i = 0; i < 100 && relay.forwarded("UpdateItem") == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, relay.forwarded("UpdateItem"), "the held add reached the server");
        assertEquals("1", cartItem(9).get("quantity").n(), "and landed after the first copy");
        drainAll();
        assertTrue(cartItem(9).isEmpty(), "the second copy put DynamoDB back to MySQL's state");
    }

    /**
     * While MySQL is written first (phases 2-4), an UPDATE or DELETE that does not name its items' whole keys has its
     * rows named by MySQL, in its own transaction, instead of found in DynamoDB: no Query, no GetItem, only the writes.
     * An item that drifted from its row (the write does not count it) is copied from MySQL.
     */
    @Test
    void phases2To4FindAWritesRowsInMysqlAndReadNothingFromDynamoDb() throws Exception {
        for (Phase phase : List.of(Phase.DUAL_WRITE, Phase.DYNAMODB_READ)) {
            control.change(phase.flags(), "test");
            try (Connection app = JdbcWrapping.wrap(raw())) {
                add(app, 1);
                add(app, 2);
                add(app, 3);
                long order = newOrder(app);
                int queries = relay.received("Query");
                int gets = relay.received("GetItem");
                // through the orders' index (its key holds created_at, which the WHERE does not name)
                assertEquals(1, update(app, "UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'pending'",
                        order), phase.name());
                assertEquals(0, update(app, "UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'pending'",
                        order), "no row matches any more: " + phase);
                assertEquals(0, update(app, "DELETE FROM orders WHERE id = ?", order + 1000), phase.name());
                // inside a transaction, by full key, and a whole cart by its partition
                app.setAutoCommit(false);
                assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = 9 WHERE user_id = 7 AND product_id = ?", 1));
                app.commit();
                app.setAutoCommit(true);
                assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = quantity + 1 WHERE user_id = ? AND "
                        + "quantity > 8", 7), phase.name());
                // an ORM's full-row UPDATE in its transaction, the key columns set to the values they hold
                app.setAutoCommit(false);
                assertEquals(1, fullRowUpdate(app, order, 7));
                app.commit();
                app.setAutoCommit(true);
                assertEquals(0, relay.received("Query") - queries, "no write looked for its rows in DynamoDB: " + phase);
                assertEquals(0, relay.received("GetItem") - gets, "no write read its item first: " + phase);
                assertEquals("shipped", orderItem(order).get("status").s(), phase.name());
                assertEquals(0, new java.math.BigDecimal("20").compareTo(new java.math.BigDecimal(
                        orderItem(order).get("total_amount").n())), phase.name());
                assertEquals("10", cartItem(1).get("quantity").n(), phase.name());

                assertEquals(3, update(app, "DELETE FROM shopping_carts WHERE user_id = ?", 7), phase.name());
                assertEquals(0, relay.received("Query") - queries, "the cart's lines were named by MySQL: " + phase);
                for (long product = 1; product <= 3; product++) {
                    assertTrue(cartItem(product).isEmpty(), "line " + product + " deleted: " + phase);
                }
                // the same UPDATE giving the order to another user moves its item: found in DynamoDB to be moved
                assertEquals(1, fullRowUpdate(app, order, 8));
                assertEquals("USER#8", orderItem(order).get("PK").s(), phase.name());
                drainAll();   // every change settled: nothing left to copy

                // An order whose item drifted from its row (deleted behind Shift's back): DynamoDB's write does not
                // find it (and creates no half item). Phase 2 lets MySQL's change stand and copies the row from MySQL;
                // phase 4, whose reads DynamoDB answers, refuses the change, copies the row back, and takes it again.
                long drifted = newOrder(app);
                Map<String, AttributeValue> item = orderItem(drifted);
                direct.deleteItem(b -> b.tableName(background.tableName()).key(Map.of("PK", item.get("PK"), "SK", item.get("SK"))));
                String ship = "UPDATE orders SET status = 'shipped' WHERE id = ?";
                if (phase == Phase.DUAL_WRITE) {
                    assertEquals(1, update(app, ship, drifted));
                } else {
                    SQLException e = assertThrows(SQLException.class, () -> update(app, ship, drifted));
                    assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
                }
                assertTrue(orderItem(drifted) == null, "the drifted item was not half-created by the update: " + phase);
                drainAll();
                if (phase == Phase.DYNAMODB_READ) {
                    assertEquals("pending", orderItem(drifted).get("status").s(), "copied back from MySQL");
                    assertEquals(1, update(app, ship, drifted));
                }
                assertEquals("shipped", orderItem(drifted).get("status").s(), "MySQL's state: " + phase);
            }
        }
    }

    /**
     * When the statement changes another number of rows than MySQL named (here a driver that counts changed rather than
     * matched rows; a phantom row under READ COMMITTED is the other case), DynamoDB is read to find them, as before.
     */
    @Test
    void aWriteThatCountsOtherRowsThanMysqlNamedFindsThemInDynamoDb() throws Exception {
        String url = mysql.jdbcUrl(database);
        String countingChanged = url + (url.contains("?") ? "&" : "?") + "useAffectedRows=true";
        try (Connection app = JdbcWrapping.wrap(DriverManager.getConnection(countingChanged, mysql.user(), mysql.password()))) {
            add(app, 1);
            add(app, 2);
            assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = 3 WHERE user_id = 7 AND product_id = ?", 2));
            int queries = relay.received("Query");
            assertEquals(1, update(app, "UPDATE shopping_carts SET quantity = 3 WHERE user_id = ?", 7), "one row changed");
            assertEquals(1, relay.received("Query") - queries, "the rows were found in DynamoDB");
        }
        assertEquals("3", cartItem(1).get("quantity").n());
        assertEquals("3", cartItem(2).get("quantity").n());
        drainAll();
    }

    /**
     * MySQL may refuse Shift's locking read where it lets the statement through (a user allowed to read only some
     * columns): the statement is unharmed, and its items are found in DynamoDB.
     */
    @Test
    void aLockingReadMysqlRefusesLeavesTheStatementToFindItsItemsInDynamoDb() throws Exception {
        long order;
        try (Connection app = JdbcWrapping.wrap(raw())) {
            order = newOrder(app);
        }
        String user = "clerk" + System.nanoTime() % 100000;
        try (Connection root = raw(); Statement st = root.createStatement()) {
            st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
            st.execute("GRANT SELECT (id, status), UPDATE (status) ON " + database + ".orders TO '" + user + "'@'%'");
        }
        int queries = relay.received("Query");
        try (Connection clerk = JdbcWrapping.wrap(DriverManager.getConnection(mysql.jdbcUrl(database), user, "pw"))) {
            assertEquals(1, update(clerk, "UPDATE orders SET status = 'shipped' WHERE id = ?", order));
        } finally {
            try (Connection root = raw(); Statement st = root.createStatement()) {
                st.execute("DROP USER '" + user + "'@'%'");
            }
        }
        assertEquals(1, relay.received("Query") - queries, "found through the index instead");
        assertEquals("shipped", orderItem(order).get("status").s());
        drainAll();
    }

    @Test
    void phase5ALostResponseFailsTheStatementAndIsAppliedOnce() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 2);
            relay.inject("UpdateItem", Fault.LOSE_RESPONSE, 1);
            SQLException e = assertThrows(SQLException.class, () -> add(app, 2));
            assertEquals("HY000", e.getSQLState(), e.getMessage());
            assertTrue(e instanceof java.sql.SQLTransientException, "a transient failure, not a broken connection: " + e);
            assertEquals("2", cartItem(2).get("quantity").n(), "the write the answer was lost for applied once, not retried");
            add(app, 2);
            assertEquals("3", cartItem(2).get("quantity").n());
        }
    }

    @Test
    void phase5ThrottledReadsAreRetriedAndAnswerRight() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 3);
            add(app, 3);
            relay.inject("GetItem", Fault.THROTTLE, 1);
            relay.inject("GetItem", Fault.SERVER_ERROR, 1);
            try (PreparedStatement ps = app.prepareStatement("SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?")) {
                ps.setLong(1, 7);
                ps.setLong(2, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                }
            }
        }
        assertEquals(2, relay.injected("GetItem"), "both faults met, and the read retried past them");
    }

    @Test
    void phase5ATransactionConflictAtCommitFails40001AndWritesNothing() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection app = JdbcWrapping.wrap(raw())) {
            add(app, 4);
            app.setAutoCommit(false);
            add(app, 4);
            add(app, 5);
            relay.inject("TransactWriteItems", Fault.TRANSACTION_CONFLICT, 10);
            SQLException e = assertThrows(SQLException.class, app::commit);
            assertEquals("40001", e.getSQLState(), e.getMessage());
            app.rollback();
            app.setAutoCommit(true);
        }
        assertEquals("1", cartItem(4).get("quantity").n(), "nothing of the transaction was applied");
        assertEquals(Map.of(), cartItem(5));
    }

    /**
     * A GSI answering stale: the order another instance changed, then deleted, still shows in the index as it was.
     * Shift reads every index hit again by key, so it answers with the order as it is, and not at all once deleted.
     */
    @Test
    void phase5AStaleIndexNeverAnswersWithAChangedOrDeletedItem() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        Map<String, AttributeValue> key = putPendingOrder(42);   // written by another instance
        try (Connection app = JdbcWrapping.wrap(raw())) {
            assertEquals(List.of("pending"), statusOfOrder(app, 42));   // the index's answer the relay keeps
            direct.updateItem(b -> b.tableName(background.tableName()).key(key).updateExpression("SET #s = :s")
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", AttributeValue.fromS("shipped"))));
            relay.inject("Query", Fault.STALE_INDEX, 1);
            assertEquals(List.of("shipped"), statusOfOrder(app, 42), "the order as it is, not as the stale index has it");
            direct.deleteItem(b -> b.tableName(background.tableName()).key(key));
            relay.inject("Query", Fault.STALE_INDEX, 1);
            assertEquals(List.of(), statusOfOrder(app, 42), "a deleted order is not answered from a stale index");
        }
        assertEquals(2, relay.injected("Query"));
    }

    /**
     * The reverse sync removes the entries it copied in batches; those DynamoDB leaves unprocessed (throttled) are
     * sent again, and nothing is left behind.
     */
    @Test
    void phase5EntriesABatchLeavesUnprocessedAreRemovedOnTheRetry() throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection app = JdbcWrapping.wrap(raw())) {
            for (int i = 0; i < 3; i++) {
                add(app, 8);
            }
        }
        ReverseSync sync = new ReverseSync(new ReverseLog(live), new RowsFromItems(planner.mapping(), live), this::raw,
                new IdAllocator(live), planner.mapping(), control::state, new DynamoOnlyWrites(), Clock.systemUTC());
        relay.inject("BatchWriteItem", Fault.UNPROCESSED, 1);
        assertEquals(3, sync.syncOnce());
        assertEquals(1, relay.injected("BatchWriteItem"));
        assertEquals(2, relay.received("BatchWriteItem"), "one batch for the three entries, sent again once");
        assertEquals(0, relay.received("DeleteItem"), "no entry removed on its own");
        assertTrue(sync.current().caughtUp(), sync.current().toString());
        assertEquals(3, mysqlQuantity(8));
        sync.close();
    }

    /**
     * With the DDL read, {@code ORDER#{id}} holds the orders' whole primary key: an UPDATE or DELETE through it that
     * compares exactly takes only the hit's key from the index and sends its whole WHERE as the write's condition,
     * checked on the item itself. A stale index then changes nothing it should not, and resurrects nothing.
     */
    @Test
    void phase5AWriteThroughAStaleIndexIsDecidedOnTheItemItself(@TempDir Path state) throws Exception {
        control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        try (Connection c = raw()) {
            new LearnedDefinitions(planner, state).learn(c, "the test database");
        }
        Map<String, AttributeValue> key = putPendingOrder(43);
        String ship = "UPDATE orders SET status = 'shipped' WHERE id = ? AND user_id = ?";
        try (Connection app = JdbcWrapping.wrap(raw())) {
            assertEquals(0, update(app, ship, 43, 8), "another user's order is not changed");
            assertEquals(1, update(app, ship, 43, 7));
            assertEquals("shipped", direct.getItem(b -> b.tableName(background.tableName()).key(key).consistentRead(true))
                    .item().get("status").s());
            assertEquals(0, relay.received("GetItem"), "the index gave the key; the condition checked the item");

            direct.deleteItem(b -> b.tableName(background.tableName()).key(key));   // by another instance
            relay.inject("Query", Fault.STALE_INDEX, 2);   // the index still shows the order
            assertEquals(0, update(app, ship, 43, 7), "a deleted order is not updated");
            assertEquals(0, update(app, "DELETE FROM orders WHERE id = ?", 43), "nor deleted again");
        }
        assertEquals(2, relay.injected("Query"));
        assertTrue(direct.getItem(b -> b.tableName(background.tableName()).key(key).consistentRead(true)).item().isEmpty(),
                "no UpdateItem brought the deleted order back");
    }

    /** Puts user 7's pending order {@code id} into DynamoDB directly (not through Shift); returns its key. */
    private Map<String, AttributeValue> putPendingOrder(long id) {
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("USER#7"),
                "SK", AttributeValue.fromS("ORDER#2026-12-01T10:00:00.000#" + id));
        Map<String, AttributeValue> order = new java.util.HashMap<>(key);
        order.putAll(Map.of("entity", AttributeValue.fromS("ORDER"), "GSI1PK", AttributeValue.fromS("ORDER#" + id),
                "id", AttributeValue.fromN(Long.toString(id)), "user_id", AttributeValue.fromN("7"),
                "total_amount", AttributeValue.fromN("9.5"), "status", AttributeValue.fromS("pending"),
                "created_at", AttributeValue.fromS("2026-12-01T10:00:00.000"),
                "updated_at", AttributeValue.fromS("2026-12-01T10:00:00.000"), "shift_version", AttributeValue.fromN("1")));
        direct.putItem(b -> b.tableName(background.tableName()).item(order));
        return key;
    }

    private static List<String> statusOfOrder(Connection app, long id) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("SELECT status FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Works through the outbox until it is empty, waiting for the second copy of entries whose answer was lost. */
    private void drainAll() throws Exception {
        long until = System.nanoTime() + LATE_LANDING.multipliedBy(10).toNanos();
        while (!outbox.oldest(1).isEmpty() && System.nanoTime() < until) {
            if (drainer.drainOnce() == 0) {
                Thread.sleep(50);
            }
        }
        assertEquals(List.of(), outbox.oldest(10), "the outbox drained");
    }

    private Map<String, AttributeValue> cartItem(long product) {
        return direct.getItem(b -> b.tableName(background.tableName()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("USER#7"), "SK", AttributeValue.fromS("CART#" + product)))).item();
    }

    /** An ORM's UPDATE of every column of an order (created as {@link #newOrder} does), giving it to {@code user}. */
    private static int fullRowUpdate(Connection app, long order, long user) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("UPDATE orders SET user_id = ?, total_amount = 20.00, "
                + "status = 'shipped', created_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, user);
            ps.setTimestamp(2, Timestamp.valueOf("2026-12-01 10:00:00.125"));
            ps.setTimestamp(3, Timestamp.valueOf("2026-12-02 10:00:00"));
            ps.setLong(4, order);
            return ps.executeUpdate();
        }
    }

    /** A pending order of user 7, its id left to MySQL. */
    private static long newOrder(Connection app) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement("INSERT INTO orders (user_id, total_amount, status, created_at, "
                + "updated_at) VALUES (7, 12.50, 'pending', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            Timestamp at = Timestamp.valueOf("2026-12-01 10:00:00.125");
            ps.setTimestamp(1, at);
            ps.setTimestamp(2, at);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The order's item, found through the index and read by its key; null when there is none. */
    private Map<String, AttributeValue> orderItem(long id) {
        List<Map<String, AttributeValue>> hits = direct.query(b -> b.tableName(background.tableName()).indexName("GSI1")
                .keyConditionExpression("GSI1PK = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("ORDER#" + id))))
                .items();
        return hits.isEmpty() ? null : direct.getItem(b -> b.tableName(background.tableName()).consistentRead(true)
                .key(Map.of("PK", hits.get(0).get("PK"), "SK", hits.get(0).get("SK")))).item();
    }

    private long mysqlQuantity(long product) throws SQLException {
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement(
                "SELECT quantity FROM shopping_carts WHERE user_id = 7 AND product_id = ?")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static int update(Connection app, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private void add(Connection app, long product) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(ADD)) {
            ps.setLong(1, 7);
            ps.setLong(2, product);
            ps.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
            ps.executeUpdate();
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }
}
