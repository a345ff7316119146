package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.mapping.Mapping;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.FaultRelay.Fault;
import dev.shift.testkit.FaultRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB may process only part of a batch (UnprocessedItems / UnprocessedKeys, under throttling); the test server
 * never does, so a {@link FaultRelay} hands whole batches back. Backfill's and verify's bulk calls send them again
 * until every item is written and every key read: nothing lost, nothing read twice.
 */
class UnprocessedBatchIT {

    @Test
    void unprocessedItemsAndKeysAreSentAgainUntilDone() {
        try (DynamoDbServer dynamo = DynamoDbServer.start(); FaultRelay relay = FaultRelay.start(dynamo.endpoint());
             DynamoDbClient client = DynamoGateway.client(relay.endpoint(), dynamo.region(), dynamo.accessKeyId(),
                     dynamo.secretAccessKey())) {
            DynamoGateway gateway = new DynamoGateway(client, Mapping.defaultMapping().withTableName("Batch_" + System.nanoTime()));
            gateway.ensureTable();
            Stats stats = new Stats();
            ItemTable items = new ItemTable(gateway, stats);
            List<Map<String, AttributeValue>> puts = new ArrayList<>();
            List<ItemKey> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.add(new ItemKey("USER#1", "CART#" + i));
                puts.add(Map.of("PK", AttributeValue.fromS("USER#1"), "SK", AttributeValue.fromS("CART#" + i),
                        "entity", AttributeValue.fromS("CART"), "quantity", AttributeValue.fromN(Integer.toString(i))));
            }
            relay.inject("BatchWriteItem", Fault.UNPROCESSED, 2);
            items.putAllUnconditionally(puts, ItemTable.Bound.NONE);
            assertEquals(2, relay.injected("BatchWriteItem"));
            assertEquals(50, stats.retried.sum(), "two batches of 25 handed back and sent again");

            // a bounded copy (a locked chunk's) gives up after its calls, saying why, instead of holding on
            relay.inject("BatchWriteItem", Fault.UNPROCESSED, 3);
            IllegalStateException throttled = assertThrows(IllegalStateException.class,
                    () -> items.putAllUnconditionally(puts.subList(0, 10), new ItemTable.Bound(3, Duration.ofSeconds(5))));
            assertTrue(throttled.getMessage().contains("DynamoDB left 10 of 10 items unprocessed after 3 calls"),
                    throttled.getMessage());

            relay.inject("BatchGetItem", Fault.UNPROCESSED, 1);
            Map<ItemKey, Map<String, AttributeValue>> read = items.getAll(keys);
            assertEquals(1, relay.injected("BatchGetItem"));
            assertEquals(60, read.size(), "every key read once the unprocessed ones were asked again");
            assertEquals("59", read.get(new ItemKey("USER#1", "CART#59")).get("quantity").n());
        }
    }
}
