package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.Backoff;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The item operations backfill, verify and repair need, on top of {@link DynamoGateway}: single writes with a
 * condition and BatchWriteItem go through the gateway; the bulk reads it does not have (BatchGetItem with
 * UnprocessedKeys retried, parallel Scan) use its client, on its table.
 */
public final class ItemTable {
    static final int BATCH_GET_MAX = 100;

    private final DynamoGateway gateway;
    private final Mapping mapping;
    private final Stats stats;

    public ItemTable(DynamoGateway gateway, Stats stats) {
        this.gateway = gateway;
        this.mapping = gateway.mapping();
        this.stats = stats;
    }

    public DynamoGateway gateway() {
        return gateway;
    }

    public ItemKey keyOf(Map<String, AttributeValue> item) {
        return new ItemKey(item.get(mapping.partitionKeyAttribute()).s(), item.get(mapping.sortKeyAttribute()).s());
    }

    /** The item's shift_version, null when it has none. */
    public Long version(Map<String, AttributeValue> item) {
        AttributeValue v = item == null ? null : item.get(mapping.versionAttribute());
        return v == null || v.n() == null ? null : Long.valueOf(v.n());
    }

    /**
     * One cheap call (DescribeTable) that starts the client (connection, signer, marshallers) before the first
     * real one; a failure is ignored here (the real calls report theirs).
     */
    public void warmUp() {
        try {
            gateway.client().describeTable(r -> r.tableName(gateway.tableName()));
        } catch (RuntimeException ignored) {
            // e.g. no dynamodb:DescribeTable permission
        }
    }

    /** Strongly consistent GetItem; null when absent. */
    public Map<String, AttributeValue> get(ItemKey key) {
        List<Map<String, AttributeValue>> r = gateway.read(new ReadRequest.Get(key));
        return r.isEmpty() ? null : r.get(0);
    }

    /** Strongly consistent BatchGetItem (100 keys a call, UnprocessedKeys retried). */
    public Map<ItemKey, Map<String, AttributeValue>> getAll(List<ItemKey> keys) {
        Map<ItemKey, Map<String, AttributeValue>> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> ks = new ArrayList<>();
            for (ItemKey k : new java.util.LinkedHashSet<>(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_MAX)))) {
                ks.add(gateway.key(k));
            }
            KeysAndAttributes wanted = KeysAndAttributes.builder().keys(ks).consistentRead(true).build();
            Map<String, KeysAndAttributes> request = Map.of(gateway.tableName(), wanted);
            int attempt = 0;
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> req = request;
                BatchGetItemResponse r = gateway.client().batchGetItem(b -> b.requestItems(req)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                count(r.consumedCapacity(), stats.readUnits);
                for (Map<String, AttributeValue> item : r.responses().getOrDefault(gateway.tableName(), List.of())) {
                    out.put(keyOf(item), item);
                }
                request = r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty() ? r.unprocessedKeys() : null;
                if (request != null) {
                    stats.retried.increment();
                    Backoff.sleep(attempt++);
                }
            }
        }
        return out;
    }

    /** PutItem if no item has this key; false when one exists (it is left as it is). */
    public boolean putIfAbsent(ItemKey key, Map<String, AttributeValue> item) {
        try {
            gateway.write(new ItemWrite.Put(key, item,
                    Condition.of(new Condition.NotExists(mapping.partitionKeyAttribute())), false));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /** The condition that the item is exactly the one observed (absent, or present with that version). */
    private Condition observed(Map<String, AttributeValue> seen) {
        if (seen == null) {
            return Condition.of(new Condition.NotExists(mapping.partitionKeyAttribute()));
        }
        AttributeValue v = seen.get(mapping.versionAttribute());
        if (v == null) {
            return Condition.of(new Condition.Exists(mapping.partitionKeyAttribute()),
                    new Condition.NotExists(mapping.versionAttribute()));
        }
        return Condition.of(new Condition.Equals(mapping.versionAttribute(), v));
    }

    /** Replaces the item if it is still exactly {@code seen} (compare-and-set on shift_version); false if it changed. */
    public boolean replaceIfUnchanged(ItemKey key, Map<String, AttributeValue> seen, Map<String, AttributeValue> item) {
        try {
            gateway.write(new ItemWrite.Put(key, item, observed(seen), false));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** Deletes the item if it is still exactly {@code seen}; false if it changed meanwhile. */
    public boolean deleteIfUnchanged(ItemKey key, Map<String, AttributeValue> seen) {
        try {
            gateway.write(new ItemWrite.Delete(key, observed(seen), false));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * Unconditional BatchWriteItem, 25 puts a call, UnprocessedItems retried with exponential backoff, within
     * {@code bound} (what is still unprocessed after its calls fails the copy). For rows no other write can race: see
     * {@link Backfill}.
     */
    public void putAllUnconditionally(List<Map<String, AttributeValue>> items, Bound bound) {
        List<WriteRequest> puts = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        AwsRequestOverrideConfiguration override = bound.perCall() == null ? null : AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(bound.perCall()).apiCallAttemptTimeout(bound.perCall().dividedBy(2)).build();
        List<WriteRequest> left = gateway.batchWrite(puts, bound.calls(), override, answer -> {
            count(answer.consumedCapacity(), stats.writeUnits);
            stats.retried.add(answer.unprocessedItems().values().stream().mapToInt(List::size).sum());
        });
        if (!left.isEmpty()) {
            throw new IllegalStateException("DynamoDB left " + left.size() + " of " + items.size() + " items unprocessed "
                    + "after " + bound.calls() + " calls (throttled: lower --rate?)");
        }
    }

    /**
     * How long a batch copy may take: calls per 25 items (unprocessed items are sent again), and the time of each call
     * (null: the client's own).
     */
    public record Bound(int calls, Duration perCall) {
        public static final Bound NONE = new Bound(Integer.MAX_VALUE, null);
    }

    private static void count(List<ConsumedCapacity> consumed, DoubleAdder units) {
        for (ConsumedCapacity c : consumed) {
            if (c.capacityUnits() != null) {
                units.add(c.capacityUnits());
            }
        }
    }

    /** One segment of a parallel, strongly consistent Scan of the whole table. */
    public void scan(int segment, int totalSegments, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder b = ScanRequest.builder().tableName(gateway.tableName()).consistentRead(true)
                    .segment(segment).totalSegments(totalSegments).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            ScanResponse r = gateway.client().scan(b.build());
            if (r.consumedCapacity() != null) {
                count(List.of(r.consumedCapacity()), stats.readUnits);
            }
            r.items().forEach(each);
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? new LinkedHashMap<>(r.lastEvaluatedKey()) : null;
        } while (start != null);
    }
}
