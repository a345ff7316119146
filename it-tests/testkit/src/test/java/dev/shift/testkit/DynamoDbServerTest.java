package dev.shift.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** dynalite + our transactions, driven with the AWS SDK v2 the way the agent drives real DynamoDB. */
class DynamoDbServerTest {
    private static final String TABLE = "Users";
    private static DynamoDbServer server;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void startServer() {
        server = TestServers.dynamoDb();
        ddb = client(server, RetryMode.STANDARD);
        createTable(ddb, TABLE);
    }

    @AfterAll
    static void closeClient() {
        ddb.close();
    }

    static DynamoDbClient client(DynamoDbServer s, RetryMode retryMode) {
        return DynamoDbClient.builder()
                .endpointOverride(s.endpoint())
                .region(Region.of(s.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())))
                .httpClient(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(o -> o.retryStrategy(retryMode).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    /** The workshop's single table: PK/SK strings and a GSI keyed by order id. */
    static void createTable(DynamoDbClient c, String name) {
        c.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr("PK"), attr("SK"), attr("order_id"))
                .keySchema(
                        KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("order_id-index")
                        .keySchema(KeySchemaElement.builder().attributeName("order_id").keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", s(pk), "SK", s(sk));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(pk, sk));
        item.putAll(more);
        return item;
    }

    private static Map<String, AttributeValue> get(String pk, String sk) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(TABLE).key(key(pk, sk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    @Test
    void tableIsActiveAtOnceAndSingleItemCallsWork() {
        assertEquals(TableStatus.ACTIVE, ddb.describeTable(b -> b.tableName(TABLE)).table().tableStatus());

        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#1", "CART#10", Map.of("quantity", n("2")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#1", "CART#11", Map.of("quantity", n("1")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#1", "ORDER#2025-01-01T00:00:00Z#7",
                Map.of("order_id", s("7"), "items", AttributeValue.fromL(List.of(AttributeValue.fromM(
                        Map.of("product_id", n("10"), "price", n("9.99")))))))));

        assertEquals("2", get("USER#1", "CART#10").get("quantity").n());

        QueryResponse carts = ddb.query(b -> b.tableName(TABLE)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :cart)")
                .expressionAttributeValues(Map.of(":pk", s("USER#1"), ":cart", s("CART#"))));
        assertEquals(List.of("CART#10", "CART#11"), carts.items().stream().map(i -> i.get("SK").s()).collect(Collectors.toList()));

        QueryResponse byOrderId = ddb.query(b -> b.tableName(TABLE).indexName("order_id-index")
                .keyConditionExpression("order_id = :id").expressionAttributeValues(Map.of(":id", s("7"))));
        assertEquals(1, byOrderId.count());
        assertEquals("9.99", byOrderId.items().get(0).get("items").l().get(0).m().get("price").n());

        ddb.updateItem(b -> b.tableName(TABLE).key(key("USER#1", "CART#10"))
                .updateExpression("SET quantity = quantity + :one").expressionAttributeValues(Map.of(":one", n("1"))));
        assertEquals("3", get("USER#1", "CART#10").get("quantity").n());

        assertThrows(ConditionalCheckFailedException.class, () -> ddb.putItem(b -> b.tableName(TABLE)
                .item(item("USER#1", "CART#10", Map.of())).conditionExpression("attribute_not_exists(PK)")));

        ddb.deleteItem(b -> b.tableName(TABLE).key(key("USER#1", "CART#11")));
        assertEquals(null, get("USER#1", "CART#11"));
    }

    @Test
    void batchWriteItem() {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, AttributeValue> it = item("USER#batch", "CART#" + (100 + i), Map.of("quantity", n("1")));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build());
        }
        assertTrue(ddb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes))).unprocessedItems().isEmpty());
        assertEquals(25, ddb.query(b -> b.tableName(TABLE).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s("USER#batch")))).count());
    }

    @Test
    void transactWriteItemsAppliesEveryAction() {
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#2", "CART#1", Map.of("quantity", n("1")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#2", "CART#2", Map.of("quantity", n("5")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#2", "PROFILE", Map.of("status", s("active")))));

        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                        .item(item("USER#2", "ORDER#2025#1", Map.of("order_id", s("1"), "total", n("12.50"))))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("USER#2", "CART#2"))
                        .updateExpression("SET quantity = quantity - :one")
                        .conditionExpression("quantity > :zero")
                        .expressionAttributeValues(Map.of(":one", n("1"), ":zero", n("0")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key("USER#2", "CART#1"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(TABLE).key(key("USER#2", "PROFILE"))
                        .conditionExpression("#s = :active")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":active", s("active")))).build()));

        // DynamoDB (and dynalite) store numbers normalised: 12.50 comes back as 12.5
        assertEquals("12.5", get("USER#2", "ORDER#2025#1").get("total").n());
        assertEquals("4", get("USER#2", "CART#2").get("quantity").n());
        assertEquals(null, get("USER#2", "CART#1"));
        // the GSI was maintained by the transaction too
        assertEquals(1, ddb.query(b -> b.tableName(TABLE).indexName("order_id-index")
                .keyConditionExpression("order_id = :id").expressionAttributeValues(Map.of(":id", s("1")))).count());

        var got = ddb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(TABLE).key(key("USER#2", "CART#2"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(TABLE).key(key("USER#2", "CART#1"))).build()));
        assertEquals("4", got.responses().get(0).item().get("quantity").n());
        assertFalse(got.responses().get(1).hasItem() && !got.responses().get(1).item().isEmpty());
    }

    /** As DynamoDB bills a transaction: two write units per part of under 1 KB, a condition check included. */
    @Test
    void aTransactionReportsTheCapacityItConsumedWhenAsked() {
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#4", "PROFILE", Map.of("status", s("active")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#4", "BIG", Map.of("blob", s("x".repeat(1500))))));
        var answer = ddb.transactWriteItems(b -> b.returnConsumedCapacity("TOTAL").transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item("USER#4", "CART#1", Map.of()))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key("USER#4", "BIG"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(TABLE).key(key("USER#4", "PROFILE"))
                        .conditionExpression("attribute_exists(PK)")).build()));
        assertEquals(1, answer.consumedCapacity().size());
        assertEquals(TABLE, answer.consumedCapacity().get(0).tableName());
        assertEquals(2 * (1 + 2 + 1), answer.consumedCapacity().get(0).capacityUnits(), "the 1.5 KB item deleted: 2 units");
        assertFalse(ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(TABLE).item(item("USER#4", "CART#2", Map.of()))).build())).hasConsumedCapacity(),
                "none when not asked");
    }

    @Test
    void aFailedConditionCancelsEveryAction() {
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#3", "CART#1", Map.of("quantity", n("1")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#3", "CART#2", Map.of("quantity", n("0")))));

        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                                .item(item("USER#3", "ORDER#1", Map.of("order_id", s("31"))))).build(),
                        TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key("USER#3", "CART#1"))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("USER#3", "CART#2"))
                                .updateExpression("SET quantity = quantity - :one")
                                .conditionExpression("quantity > :zero")
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .expressionAttributeValues(Map.of(":one", n("1"), ":zero", n("0")))).build())));

        assertEquals(List.of("None", "None", "ConditionalCheckFailed"),
                e.cancellationReasons().stream().map(CancellationReason::code).collect(Collectors.toList()));
        assertEquals("0", e.cancellationReasons().get(2).item().get("quantity").n());
        assertTrue(e.getMessage().contains("[None, None, ConditionalCheckFailed]"), e.getMessage());
        assertEquals(400, e.statusCode());

        assertEquals(null, get("USER#3", "ORDER#1"), "put of a cancelled transaction was applied");
        assertNotNull(get("USER#3", "CART#1"), "delete of a cancelled transaction was applied");
        assertEquals("0", get("USER#3", "CART#2").get("quantity").n());
    }

    @Test
    void anUpdateThatCannotApplyRollsBackTheActionsBeforeIt() {
        ddb.putItem(b -> b.tableName(TABLE).item(item("USER#4", "CART#1", Map.of("name", s("not a number")))));
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item("USER#4", "ORDER#1", Map.of()))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("USER#4", "CART#1"))
                                .updateExpression("SET #n = #n + :one")
                                .expressionAttributeNames(Map.of("#n", "name"))
                                .expressionAttributeValues(Map.of(":one", n("1")))).build())));
        assertEquals(List.of("None", "ValidationError"),
                e.cancellationReasons().stream().map(CancellationReason::code).collect(Collectors.toList()));
        assertEquals(null, get("USER#4", "ORDER#1"));
    }

    @Test
    void twoActionsOnOneItemAreRejected() {
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item("USER#5", "CART#1", Map.of()))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(TABLE).key(key("USER#5", "CART#1"))).build())));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("Transaction request cannot include multiple operations on one item"),
                e.getMessage());
        assertEquals(null, get("USER#5", "CART#1"));
    }

    @Test
    void moreThanOneHundredActionsAreRejected() {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String sk = "CART#" + i;
            items.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item("USER#6", sk, Map.of()))).build());
        }
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> ddb.transactWriteItems(b -> b.transactItems(items)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        ddb.transactWriteItems(b -> b.transactItems(items.subList(0, 100)));
        assertEquals(100, ddb.query(b -> b.tableName(TABLE).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s("USER#6")))).count());
    }

    @Test
    void stopMakesCallsFailAndRestartWithADataDirKeepsTheDataOnTheSamePort(@TempDir Path dataDir) {
        try (DynamoDbServer own = DynamoDbServer.start(dataDir);
             DynamoDbClient c = client(own, RetryMode.LEGACY)) {
            int port = own.port();
            createTable(c, "Orders");
            c.putItem(b -> b.tableName("Orders").item(key("USER#1", "ORDER#1")));

            own.stop();
            assertFalse(own.isRunning());
            assertFalse(Workdirs.portOpen(port));
            assertThrows(SdkClientException.class, () -> c.listTables());

            own.restart();
            assertEquals(port, own.port());
            assertEquals(List.of("Orders"), c.listTables().tableNames());
            assertEquals("ORDER#1", c.getItem(b -> b.tableName("Orders").key(key("USER#1", "ORDER#1"))).item().get("SK").s());
        }
    }

    /** dynalite makes a new table ACTIVE a tick after answering; the server holds later requests until it is. */
    @Test
    void aTableIsUsableAsSoonAsItsCreateTableIsAnswered() {
        try (DynamoDbServer own = DynamoDbServer.start(); DynamoDbClient c = client(own, RetryMode.LEGACY)) {
            for (int i = 0; i < 30; i++) {
                String table = "Fresh" + i;
                createTable(c, table);
                c.putItem(b -> b.tableName(table).item(key("USER#1", "ORDER#1")));
                assertEquals(TableStatus.ACTIVE, c.describeTable(b -> b.tableName(table)).table().tableStatus());
                c.deleteTable(b -> b.tableName(table));
                assertThrows(ResourceNotFoundException.class, () -> c.describeTable(b -> b.tableName(table)));
            }
        }
    }

    @Test
    void anInMemoryServerLosesItsDataOnRestart() {
        try (DynamoDbServer own = DynamoDbServer.start(); DynamoDbClient c = client(own, RetryMode.STANDARD)) {
            createTable(c, "Scratch");
            own.restart();
            assertTrue(c.listTables().tableNames().isEmpty());
        }
    }

    /**
     * Optimistic writers move two counters together in one transaction while a TransactGetItems reader checks
     * they are always equal: the launcher's single write queue must keep a transaction's check and apply together.
     */
    @Test
    void concurrentTransactionsAreIsolated() throws Exception {
        ddb.putItem(b -> b.tableName(TABLE).item(item("COUNTER", "A", Map.of("n", n("0")))));
        ddb.putItem(b -> b.tableName(TABLE).item(item("COUNTER", "B", Map.of("n", n("0")))));
        int writers = 3;
        int perWriter = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            java.util.concurrent.Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    var r = ddb.transactGetItems(b -> b.transactItems(
                            TransactGetItem.builder().get(g -> g.tableName(TABLE).key(key("COUNTER", "A"))).build(),
                            TransactGetItem.builder().get(g -> g.tableName(TABLE).key(key("COUNTER", "B"))).build()));
                    assertEquals(r.responses().get(0).item().get("n").n(), r.responses().get(1).item().get("n").n());
                    reads++;
                    Thread.sleep(2); // leave the write queue to the writers most of the time
                }
                return reads;
            });
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        while (true) {
                            String old = get("COUNTER", "A").get("n").n();
                            String next = Integer.toString(Integer.parseInt(old) + 1);
                            try {
                                ddb.transactWriteItems(b -> b.transactItems(
                                        TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("COUNTER", "A"))
                                                .updateExpression("SET n = :next").conditionExpression("n = :old")
                                                .expressionAttributeValues(Map.of(":next", n(next), ":old", n(old)))).build(),
                                        TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key("COUNTER", "B"))
                                                .updateExpression("SET n = n + :one")
                                                .expressionAttributeValues(Map.of(":one", n("1")))).build()));
                                break;
                            } catch (TransactionCanceledException lostTheRace) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            done.set(true);
            assertTrue(reader.get(10, java.util.concurrent.TimeUnit.SECONDS) > 0);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        String expected = Integer.toString(writers * perWriter);
        assertEquals(expected, get("COUNTER", "A").get("n").n());
        assertEquals(expected, get("COUNTER", "B").get("n").n());
    }

    @Test
    void aConfiguredEndpointIsUsedInsteadOfStartingOne() {
        System.setProperty("shift.dynamodb.endpoint", server.endpoint().toString());
        try (DynamoDbServer external = DynamoDbServer.start()) {
            assertTrue(external.isExternal());
            assertEquals(server.endpoint(), external.endpoint());
            assertThrows(UnsupportedOperationException.class, external::stop);
        } finally {
            System.clearProperty("shift.dynamodb.endpoint");
        }
        assertTrue(server.isRunning(), "closing the external handle must not stop the server");
        assertTrue(ddb.listTables().tableNames().contains(TABLE));
    }

    @Test
    void pauseMakesCallsTimeOutAndResumeCarriesOn() {
        try (DynamoDbServer own = DynamoDbServer.start();
             DynamoDbClient c = DynamoDbClient.builder()
                     .endpointOverride(own.endpoint())
                     .region(Region.of(own.region()))
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(own.accessKeyId(), own.secretAccessKey())))
                     .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofMillis(800)).build())
                     .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                             .apiCallTimeout(Duration.ofSeconds(2)))
                     .build()) {
            createTable(c, "Paused");
            own.pause();
            long t0 = System.nanoTime();
            assertThrows(SdkClientException.class, c::listTables);
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 700, "a paused server answered");
            own.resume();
            assertEquals(List.of("Paused"), c.listTables().tableNames());
            own.pause();
        } // close() of a paused server must still stop it
    }
}
