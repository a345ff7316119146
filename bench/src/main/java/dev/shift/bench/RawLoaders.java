package dev.shift.bench;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The raw baselines of items 4 and 5, as a developer would write them without Shift: {@code workers} threads, each
 * reading its share of the MySQL rows by keyset in chunks, then BatchWriteItem (25 per call) of the rows' items, or
 * BatchGetItem (100 keys per call) + an exact compare and a parallel Scan segment for the reverse direction.
 * The items are the ones Shift's backfill produced, so both sides write exactly the same items.
 */
final class RawLoaders {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DynamoDbClient ddb;
    /** DynamoDB's capacity units for the run, as it reports them. */
    final DoubleAdder readUnits = new DoubleAdder();
    final DoubleAdder writeUnits = new DoubleAdder();
    private final int chunk;
    /** "O"+order id or "C"+user/product → item. */
    private final Map<String, Map<String, AttributeValue>> items;

    RawLoaders(String jdbcUrl, String user, String password, DynamoDbClient ddb, int chunk,
            Map<String, Map<String, AttributeValue>> items) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.ddb = ddb;
        this.chunk = chunk;
        this.items = items;
    }

    static String rowKey(Map<String, AttributeValue> item) {
        String pk = item.get("PK").s();
        String sk = item.get("SK").s();
        if (!pk.startsWith("USER#")) {
            return null;   // id counters
        }
        if (sk.startsWith("CART#")) {
            return "C" + pk.substring(5) + "/" + sk.substring(5);
        }
        if (sk.startsWith("ORDER#")) {
            return "O" + sk.substring(sk.lastIndexOf('#') + 1);
        }
        return null;
    }

    /** Worker w's chunks of rows: for each chunk, the row keys ("O"+id / "C"+user/product) and the rows read. */
    private interface Chunk {
        void accept(List<String> keys, List<Object[]> rows) throws Exception;
    }

    private void keysetRows(Connection c, int worker, int workers, Chunk chunk) throws Exception {
        long after = 0;
        while (true) {
            List<String> keys = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, total_amount, status, created_at, updated_at "
                    + "FROM orders WHERE id > ? AND MOD(id, ?) = ? ORDER BY id LIMIT " + this.chunk)) {
                ps.setLong(1, after);
                ps.setInt(2, workers);
                ps.setInt(3, worker);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        keys.add("O" + rs.getLong(1));
                        rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getString(4),
                                rs.getTimestamp(5), rs.getTimestamp(6)});
                    }
                }
            }
            if (ids.isEmpty()) {
                break;
            }
            after = ids.get(ids.size() - 1);
            try (PreparedStatement ps = c.prepareStatement("SELECT order_id, product_id, quantity, price_at_time FROM order_items "
                    + "WHERE order_id BETWEEN ? AND ? AND MOD(order_id, ?) = ? ORDER BY order_id, product_id")) {
                ps.setLong(1, ids.get(0));
                ps.setLong(2, after);
                ps.setInt(3, workers);
                ps.setInt(4, worker);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBigDecimal(4)});
                    }
                }
            }
            chunk.accept(keys, rows);
        }
        long afterUser = 0;
        long afterProduct = 0;
        while (true) {
            List<String> keys = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, product_id, quantity, added_at FROM shopping_carts "
                    + "WHERE (user_id, product_id) > (?, ?) AND MOD(user_id, ?) = ? ORDER BY user_id, product_id LIMIT " + this.chunk)) {
                ps.setLong(1, afterUser);
                ps.setLong(2, afterProduct);
                ps.setInt(3, workers);
                ps.setInt(4, worker);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        afterUser = rs.getLong(1);
                        afterProduct = rs.getLong(2);
                        keys.add("C" + afterUser + "/" + afterProduct);
                        rows.add(new Object[] {afterUser, afterProduct, rs.getInt(3), rs.getTimestamp(4)});
                    }
                }
            }
            if (keys.isEmpty()) {
                break;
            }
            chunk.accept(keys, rows);
        }
    }

    private long parallel(int workers, java.util.function.IntFunction<Long> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                fs.add(pool.submit(() -> work.apply(worker)));
            }
            long total = 0;
            for (Future<Long> f : fs) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    void load(String table, int workers) throws Exception {
        long written = parallel(workers, w -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
                AtomicLong n = new AtomicLong();
                keysetRows(c, w, workers, (keys, rows) -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (String k : keys) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(items.get(k)).build()).build());
                        if (batch.size() == 25) {
                            writeBatch(table, batch);
                            batch = new ArrayList<>();
                        }
                    }
                    if (!batch.isEmpty()) {
                        writeBatch(table, batch);
                    }
                    n.addAndGet(keys.size());
                });
                return n.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (written != items.size()) {
            throw new IllegalStateException("raw loader wrote " + written + " items, backfill " + items.size());
        }
    }

    private void writeBatch(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> req = Map.of(table, batch);
        while (!req.isEmpty()) {
            Map<String, List<WriteRequest>> r = req;
            BatchWriteItemResponse resp = ddb.batchWriteItem(b -> b.requestItems(r)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            resp.consumedCapacity().forEach(u -> writeUnits.add(u.capacityUnits()));
            req = resp.hasUnprocessedItems() ? resp.unprocessedItems() : Map.of();
        }
    }

    /** Returns the rows compared. */
    long verify(String table, int workers) throws Exception {
        AtomicLong differences = new AtomicLong();
        long rows = parallel(workers, w -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
                AtomicLong n = new AtomicLong();
                keysetRows(c, w, workers, (keys, chunkRows) -> {
                    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
                    for (int i = 0; i < keys.size(); i += 100) {
                        List<Map<String, AttributeValue>> ks = new ArrayList<>();
                        for (String k : keys.subList(i, Math.min(keys.size(), i + 100))) {
                            Map<String, AttributeValue> item = items.get(k);
                            ks.add(Map.of("PK", item.get("PK"), "SK", item.get("SK")));
                        }
                        Map<String, KeysAndAttributes> req = Map.of(table, KeysAndAttributes.builder().keys(ks).consistentRead(true).build());
                        while (!req.isEmpty()) {
                            Map<String, KeysAndAttributes> r = req;
                            BatchGetItemResponse resp = ddb.batchGetItem(b -> b.requestItems(r)
                                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                            resp.consumedCapacity().forEach(u -> readUnits.add(u.capacityUnits()));
                            resp.responses().getOrDefault(table, List.of()).forEach(it -> {
                                String k = rowKey(it);
                                if (k != null) {
                                    found.put(k, it);
                                }
                            });
                            req = resp.hasUnprocessedKeys() ? resp.unprocessedKeys() : Map.of();
                        }
                    }
                    for (String k : keys) {
                        if (!equalItems(items.get(k), found.get(k))) {
                            differences.incrementAndGet();
                        }
                    }
                    n.addAndGet(chunkRows.size());
                });
                // the reverse direction: every item of this segment
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    ScanResponse r = ddb.scan(s -> s.tableName(table).segment(w).totalSegments(workers).exclusiveStartKey(from)
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                    readUnits.add(r.consumedCapacity().capacityUnits());
                    r.items().forEach(it -> {
                        String k = rowKey(it);
                        if (k != null && !items.containsKey(k)) {
                            differences.incrementAndGet();
                        }
                    });
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
                return n.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (differences.get() != 0) {
            throw new IllegalStateException("raw verify found " + differences.get() + " differences in a table backfill wrote");
        }
        return rows;
    }

    private static boolean equalItems(Map<String, AttributeValue> expected, Map<String, AttributeValue> actual) {
        if (actual == null || expected.size() != actual.size()) {
            return false;
        }
        for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
            if (!Objects.equals(e.getValue(), actual.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
