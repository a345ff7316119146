package dev.shift.agent.dynamo;

import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.mapping.Mapping;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The single place Shift talks to DynamoDB: one table (from the mapping), reads for plans, item writes,
 * TransactWriteItems, and {@link #ensureTable()}. Methods throw the SDK's runtime exceptions; statement-level
 * callers turn them into SQLExceptions with {@link DynamoErrors}. Kept whole on purpose: being the one class that
 * builds SDK requests is what makes the SDK easy to audit and to count calls of.
 */
public final class DynamoGateway implements ItemStore {
    /** BatchWriteItem takes at most 25 writes. */
    public static final int BATCH_WRITE_MAX = 25;
    public static final int MAX_TRANSACTION_ITEMS = 100;

    /** How long an index value written by this JVM is remembered for read-your-writes (GSIs lag behind). */
    static final long RECENT_INDEX_NANOS = Duration.ofSeconds(60).toNanos();
    private static final int RECENT_INDEX_MAX = 10_000;

    private final DynamoDbClient client;
    private final DynamoDbClient singleWrites;   // never retried by the SDK (see DynamoClients.singleAttempt)
    private final Mapping mapping;
    private final String table;
    /** "index\0value" → {key, nanoTime written}: items this JVM recently wrote with that index value. */
    private final Map<String, Object[]> recentIndexKeys = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<String, Object[]>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Object[]> eldest) {
                    return size() > RECENT_INDEX_MAX;
                }
            });

    public DynamoGateway(DynamoDbClient client, Mapping mapping) {
        this(client, client, mapping);
    }

    /** @param singleWrites the client for PutItem/UpdateItem/DeleteItem (reads and transactions use {@code client}) */
    public DynamoGateway(DynamoDbClient client, DynamoDbClient singleWrites, Mapping mapping) {
        this.client = client;
        this.singleWrites = singleWrites;
        this.mapping = mapping;
        this.table = mapping.tableName();
    }

    /** A client on the Apache HTTP client; {@code endpoint} null = real AWS with the default credential chain. */
    public static DynamoDbClient client(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return client(endpoint, region, accessKeyId, secretAccessKey, DynamoClients.BACKGROUND);
    }

    /** @param caller the part of Shift making its calls, in their User-Agent ({@link DynamoClients#calledBy}) */
    public static DynamoDbClient client(URI endpoint, String region, String accessKeyId, String secretAccessKey,
            String caller) {
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(o -> DynamoClients.calledBy(o, caller));
        if (region != null) {
            b.region(Region.of(region));
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (accessKeyId != null) {
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
        }
        return b.build();
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public Mapping mapping() {
        return mapping;
    }

    @Override
    public String tableName() {
        return table;
    }

    // ------------------------------------------------------------------ table

    /**
     * Creates the table if missing: {@code PK}/{@code SK} strings, each mapped GSI (hash key only, projection
     * ALL), PAY_PER_REQUEST; waits until it and its indexes are ACTIVE. An existing table without a mapped
     * index is an error (lookups by id would be impossible).
     */
    public void ensureTable() {
        DescribeTableResponse d;
        try {
            d = client.describeTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException e) {
            create();
            d = awaitActive();
        }
        if (d.table().tableStatus() != TableStatus.ACTIVE) {
            d = awaitActive();
        }
        for (String index : mapping.indexes().keySet()) {
            boolean found = d.table().hasGlobalSecondaryIndexes()
                    && d.table().globalSecondaryIndexes().stream().anyMatch(g -> g.indexName().equals(index));
            if (!found) {
                throw new IllegalStateException("DynamoDB table " + table + " exists but has no index " + index
                        + " (the mapping needs it: partition key " + mapping.indexes().get(index) + ")");
            }
        }
    }

    private void create() {
        List<AttributeDefinition> attrs = new ArrayList<>();
        attrs.add(AttributeDefinition.builder().attributeName(mapping.partitionKeyAttribute()).attributeType(ScalarAttributeType.S).build());
        attrs.add(AttributeDefinition.builder().attributeName(mapping.sortKeyAttribute()).attributeType(ScalarAttributeType.S).build());
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Map.Entry<String, String> e : mapping.indexes().entrySet()) {
            attrs.add(AttributeDefinition.builder().attributeName(e.getValue()).attributeType(ScalarAttributeType.S).build());
            gsis.add(GlobalSecondaryIndex.builder().indexName(e.getKey())
                    .keySchema(KeySchemaElement.builder().attributeName(e.getValue()).keyType(KeyType.HASH).build())
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        }
        CreateTableRequest.Builder req = CreateTableRequest.builder().tableName(table)
                .attributeDefinitions(attrs)
                .keySchema(KeySchemaElement.builder().attributeName(mapping.partitionKeyAttribute()).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(mapping.sortKeyAttribute()).keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!gsis.isEmpty()) {
            req.globalSecondaryIndexes(gsis);
        }
        try {
            client.createTable(req.build());
        } catch (ResourceInUseException raced) {
            // another process created it meanwhile
        }
    }

    private DescribeTableResponse awaitActive() {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            DescribeTableResponse d = client.describeTable(r -> r.tableName(table));
            boolean active = d.table().tableStatus() == TableStatus.ACTIVE;
            if (d.table().hasGlobalSecondaryIndexes()) {
                for (GlobalSecondaryIndexDescription g : d.table().globalSecondaryIndexes()) {
                    active &= g.indexStatus() == null || "ACTIVE".equals(g.indexStatusAsString());
                }
            }
            if (active) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DynamoDB table " + table + " did not become ACTIVE within 120 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table, e);
            }
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<Map<String, AttributeValue>> read(ReadRequest request) {
        if (request instanceof ReadRequest.Get g) {
            GetItemResponse r = client.getItem(b -> b.tableName(table).key(key(g.key())).consistentRead(true));
            return r.hasItem() && !r.item().isEmpty() ? List.of(r.item()) : List.of();
        }
        if (request instanceof ReadRequest.Scan sc) {
            return scan(sc);
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table);
        Integer limit = null;
        if (request instanceof ReadRequest.Query pq) {
            partitionQuery(q, pq);
            if (pq.again()) {
                q.overrideConfiguration(DynamoClients.LOCKING_READ);
            }
            limit = pq.limit();
            if (limit != null) {
                if (limit == 0) {
                    return List.of();
                }
                q.limit(limit);
            }
        } else {
            ReadRequest.IndexQuery iq = (ReadRequest.IndexQuery) request;
            q.indexName(iq.index()).keyConditionExpression("#k = :k")
                    .expressionAttributeNames(Map.of("#k", iq.attribute()))
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(iq.value())));
        }
        if (request instanceof ReadRequest.IndexQuery iq) {
            return readIndex(q, iq);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest req = start == null ? q.build() : q.exclusiveStartKey(start).build();
            QueryResponse r = client.query(req);
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && (limit == null || out.size() < limit));
        return limit != null && out.size() > limit ? out.subList(0, limit) : out;
    }

    /** The key condition of a partition Query. */
    private void partitionQuery(QueryRequest.Builder q, ReadRequest.Query pq) {
        q.keyConditionExpression(pq.skPrefix().isEmpty() ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :sk)")
                .expressionAttributeNames(keyNames(pq)).expressionAttributeValues(keyValues(pq))
                .scanIndexForward(pq.forward()).consistentRead(true);
    }

    private Map<String, String> keyNames(ReadRequest.Query pq) {
        return pq.skPrefix().isEmpty() ? Map.of("#pk", mapping.partitionKeyAttribute())
                : Map.of("#pk", mapping.partitionKeyAttribute(), "#sk", mapping.sortKeyAttribute());
    }

    private static Map<String, AttributeValue> keyValues(ReadRequest.Query pq) {
        return pq.skPrefix().isEmpty() ? Map.of(":pk", AttributeValue.fromS(pq.pk()))
                : Map.of(":pk", AttributeValue.fromS(pq.pk()), ":sk", AttributeValue.fromS(pq.skPrefix()));
    }

    /**
     * DynamoDB counts the items ({@code Select COUNT}, the entity as a filter): the same read capacity as reading
     * them, none of them sent.
     */
    @Override
    public long count(ReadRequest.Query query, String entityAttribute, String entity) {
        Map<String, String> names = new java.util.HashMap<>(keyNames(query));
        Map<String, AttributeValue> values = new java.util.HashMap<>(keyValues(query));
        names.put("#e", entityAttribute);
        values.put(":e", AttributeValue.fromS(entity));
        QueryRequest.Builder q = QueryRequest.builder().tableName(table);
        partitionQuery(q, query);
        q.select(Select.COUNT).filterExpression("attribute_not_exists(#e) OR #e = :e")
                .expressionAttributeNames(names).expressionAttributeValues(values);
        long n = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = client.query(start == null ? q.build() : q.exclusiveStartKey(start).build());
            n += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    /** Every item of one entity, page after page (a table the mapping marks scannable). */
    private List<Map<String, AttributeValue>> scan(ReadRequest.Scan sc) {
        ScanRequest.Builder b = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("#e = :e").expressionAttributeNames(Map.of("#e", sc.entityAttribute()))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(sc.entity())));
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse r = client.scan(start == null ? b.build() : b.exclusiveStartKey(start).build());
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * A GSI query is eventually consistent: it may still show an item another instance changed or deleted, or miss
     * one written a moment ago. Every item it finds is therefore read again by key, strongly consistent, and kept
     * only if it still carries the queried index value (one read more per item found: the price of answering as
     * MySQL would), unless the query asks for keys only (a write conditioned on its whole WHERE, which DynamoDB checks
     * on the item itself). Items this JVM wrote recently with the queried value are read by key too and merged in, so
     * a statement sees the writes made before it through this gateway (read-your-writes).
     */
    private List<Map<String, AttributeValue>> readIndex(QueryRequest.Builder q, ReadRequest.IndexQuery iq) {
        List<Map<String, AttributeValue>> hits = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest req = start == null ? q.build() : q.exclusiveStartKey(start).build();
            QueryResponse r = client.query(req);
            hits.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        List<Map<String, AttributeValue>> out = iq.keysOnly() ? hits : readAgain(hits, iq);
        Object[] recent = recentIndexKeys.get(iq.index() + "\u0000" + iq.value());
        if (recent == null || System.nanoTime() - (Long) recent[1] > RECENT_INDEX_NANOS) {
            return out;
        }
        ItemKey k = (ItemKey) recent[0];
        if (out.stream().anyMatch(item -> k.pk().equals(item.get(mapping.partitionKeyAttribute()).s())
                && k.sk().equals(item.get(mapping.sortKeyAttribute()).s()))) {
            return out;   // found by the index and already read by key
        }
        GetItemResponse g = client.getItem(b -> b.tableName(table).key(key(k)).consistentRead(true)
                .overrideConfiguration(DynamoClients.INDEX_CHECK));
        if (g.hasItem() && !g.item().isEmpty()) {
            AttributeValue v = g.item().get(iq.attribute());
            if (v != null && iq.value().equals(v.s())) {
                out.add(g.item());
            }
        }
        return out;
    }

    /** The hits as they are now (strongly consistent, by key), those still carrying the queried value. */
    private List<Map<String, AttributeValue>> readAgain(List<Map<String, AttributeValue>> hits, ReadRequest.IndexQuery iq) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(hits.size());
        for (Map<String, AttributeValue> hit : hits) {
            Map<String, AttributeValue> k = Map.of(mapping.partitionKeyAttribute(), hit.get(mapping.partitionKeyAttribute()),
                    mapping.sortKeyAttribute(), hit.get(mapping.sortKeyAttribute()));
            GetItemResponse now = client.getItem(b -> b.tableName(table).key(k).consistentRead(true)
                    .overrideConfiguration(DynamoClients.INDEX_CHECK));
            AttributeValue v = now.hasItem() ? now.item().get(iq.attribute()) : null;
            if (v != null && iq.value().equals(v.s())) {
                out.add(now.item());
            }
        }
        return out;
    }

    private void remember(ItemWrite w) {
        for (Map.Entry<String, String> idx : mapping.indexes().entrySet()) {
            AttributeValue v = null;
            if (w instanceof ItemWrite.Put p) {
                v = p.item().get(idx.getValue());
            } else if (w instanceof ItemWrite.Update u) {
                for (UpdateAction a : u.actions()) {
                    if (a instanceof UpdateAction.Set set && a.attribute().equals(idx.getValue())) {
                        v = set.value();
                    }
                }
            }
            if (v != null && v.s() != null) {
                recentIndexKeys.put(idx.getKey() + "\u0000" + v.s(), new Object[] {w.key(), System.nanoTime()});
            }
        }
    }

    // ------------------------------------------------------------------ writes

    public Map<String, AttributeValue> key(ItemKey k) {
        return Map.of(mapping.partitionKeyAttribute(), AttributeValue.fromS(k.pk()),
                mapping.sortKeyAttribute(), AttributeValue.fromS(k.sk()));
    }

    /**
     * Applies one write. Returns false when a {@link ItemWrite#countsRow() row-matching} condition did not
     * hold (0 rows); any other failure, including a guard condition, is thrown.
     */
    @Override
    public boolean write(ItemWrite w) {
        Expressions x = new Expressions();
        String cond = x.condition(w.condition());
        try {
            if (w instanceof ItemWrite.Put p) {
                PutItemRequest.Builder b = PutItemRequest.builder().tableName(table).item(p.item());
                if (ReverseLog.isEntry(p.key())) {
                    b.overrideConfiguration(DynamoClients.REVERSE_LOG);
                }
                if (cond != null) {
                    b.conditionExpression(cond).expressionAttributeNames(x.names());
                    if (!x.values().isEmpty()) {
                        b.expressionAttributeValues(x.values());
                    }
                }
                singleWrites.putItem(b.build());
            } else if (w instanceof ItemWrite.Update u) {
                String update = x.update(u.actions());
                UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key(w.key()))
                        .updateExpression(update).expressionAttributeNames(x.names());
                if (!x.values().isEmpty()) {
                    b.expressionAttributeValues(x.values());
                }
                if (cond != null) {
                    b.conditionExpression(cond);
                }
                singleWrites.updateItem(b.build());
            } else {
                DeleteItemRequest.Builder b = DeleteItemRequest.builder().tableName(table).key(key(w.key()));
                if (cond != null) {
                    b.conditionExpression(cond).expressionAttributeNames(x.names());
                    if (!x.values().isEmpty()) {
                        b.expressionAttributeValues(x.values());
                    }
                }
                singleWrites.deleteItem(b.build());
            }
            remember(w);
            return true;
        } catch (ConditionalCheckFailedException e) {
            if (w.countsRow()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * BatchWriteItem of deletes; what DynamoDB leaves unprocessed (throttled) is sent again twice, and returned if
     * still left.
     */
    @Override
    public List<ItemKey> deleteAll(List<ItemKey> keys) {
        List<WriteRequest> deletes = new ArrayList<>(keys.size());
        for (ItemKey k : keys) {
            deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key(k))).build());
        }
        List<ItemKey> left = new ArrayList<>();
        for (WriteRequest r : batchWrite(deletes, 3, null, answer -> { })) {
            Map<String, AttributeValue> k = r.deleteRequest().key();
            left.add(new ItemKey(k.get(mapping.partitionKeyAttribute()).s(), k.get(mapping.sortKeyAttribute()).s()));
        }
        return left;
    }

    /**
     * BatchWriteItem, 25 requests a call. What DynamoDB leaves unprocessed (throttled) is sent again after a pause
     * ({@link Backoff}), up to {@code calls} calls per batch; the requests still left after that are returned.
     * {@code override} (null: the client's own) can bound each call's time; {@code answered} sees every answer
     * (capacity units, what was left).
     */
    public List<WriteRequest> batchWrite(List<WriteRequest> requests, int calls, AwsRequestOverrideConfiguration override,
                                         Consumer<BatchWriteItemResponse> answered) {
        List<WriteRequest> left = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += BATCH_WRITE_MAX) {
            List<WriteRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE_MAX));
            for (int call = 0; !batch.isEmpty(); call++) {
                if (call == calls) {
                    left.addAll(batch);
                    break;
                }
                if (call > 0) {
                    Backoff.sleep(call - 1);
                }
                List<WriteRequest> send = batch;
                BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, send))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(override));
                answered.accept(r);
                batch = r.unprocessedItems().getOrDefault(table, List.of());
            }
        }
        return left;
    }

    @Override
    public boolean upsert(ItemWrite.Update w) {
        Expressions x = new Expressions();
        String update = x.update(w.actions());
        String cond = x.condition(w.condition());   // before the names and values are taken: it adds some
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key(w.key()))
                .updateExpression(update).expressionAttributeNames(x.names())
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.UPDATED_OLD);
        if (!x.values().isEmpty()) {
            b.expressionAttributeValues(x.values());
        }
        if (cond != null) {
            b.conditionExpression(cond);
        }
        software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse r = singleWrites.updateItem(b.build());
        remember(w);
        // the version attribute is SET by every Shift write: an existing item always returns its old value
        return r.hasAttributes() && !r.attributes().isEmpty();
    }

    /** One TransactWriteItems with these writes and checks (at most 100, each on a different item). */
    @Override
    public void transact(List<ItemWrite> writes, List<ItemCheck> checks) {
        if (writes.size() + checks.size() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("TransactWriteItems takes at most " + MAX_TRANSACTION_ITEMS + " actions, got "
                    + (writes.size() + checks.size()));
        }
        List<TransactWriteItem> items = new ArrayList<>(writes.size() + checks.size());
        for (ItemWrite w : writes) {
            items.add(transactItem(w));
        }
        for (ItemCheck c : checks) {
            Expressions x = new Expressions();
            software.amazon.awssdk.services.dynamodb.model.ConditionCheck.Builder b =
                    software.amazon.awssdk.services.dynamodb.model.ConditionCheck.builder().tableName(table).key(key(c.key()))
                            .conditionExpression(x.condition(c.condition())).expressionAttributeNames(x.names());
            if (!x.values().isEmpty()) {
                b.expressionAttributeValues(x.values());
            }
            items.add(TransactWriteItem.builder().conditionCheck(b.build()).build());
        }
        client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
        writes.forEach(this::remember);
    }

    private TransactWriteItem transactItem(ItemWrite w) {
        Expressions x = new Expressions();
        String cond = x.condition(w.condition());
        if (w instanceof ItemWrite.Put p) {
            Put.Builder b = Put.builder().tableName(table).item(p.item());
            if (cond != null) {
                b.conditionExpression(cond).expressionAttributeNames(x.names());
                if (!x.values().isEmpty()) {
                    b.expressionAttributeValues(x.values());
                }
            }
            return TransactWriteItem.builder().put(b.build()).build();
        }
        if (w instanceof ItemWrite.Update u) {
            String update = x.update(u.actions());
            Update.Builder b = Update.builder().tableName(table).key(key(w.key())).updateExpression(update)
                    .expressionAttributeNames(x.names());
            if (!x.values().isEmpty()) {
                b.expressionAttributeValues(x.values());
            }
            if (cond != null) {
                b.conditionExpression(cond);
            }
            return TransactWriteItem.builder().update(b.build()).build();
        }
        Delete.Builder b = Delete.builder().tableName(table).key(key(w.key()));
        if (cond != null) {
            b.conditionExpression(cond).expressionAttributeNames(x.names());
            if (!x.values().isEmpty()) {
                b.expressionAttributeValues(x.values());
            }
        }
        return TransactWriteItem.builder().delete(b.build()).build();
    }
}
