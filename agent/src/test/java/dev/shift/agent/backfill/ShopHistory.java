package dev.shift.agent.backfill;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.mapping.Mapping;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A private database with the shop's migrated tables (schema of docs/shop-sql.md) filled with a generated
 * history, and a fresh DynamoDB table name, on the shared test servers.
 */
public final class ShopHistory implements AutoCloseable {
    public final MariaDbServer mysql = TestServers.mariaDb();
    public final DynamoDbServer dynamo = TestServers.dynamoDb();
    public final String database = "backfill_" + System.nanoTime();
    public final String ddbTable = "Backfill_" + System.nanoTime();
    public final DynamoDbClient client;
    public final Mapping mapping;
    public final DynamoGateway gateway;

    public ShopHistory() throws SQLException {
        mysql.createDatabase(database);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            ShopSchema.createMigratedTables(st);
        }
        client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
        mapping = Mapping.defaultMapping().withTableName(ddbTable);
        gateway = new DynamoGateway(client, mapping);
    }

    public String url() {
        return mysql.jdbcUrl(database);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), mysql.user(), mysql.password());
    }

    public Stores stores() {
        return new Stores(Stores.connectorJ(url(), mysql.user(), mysql.password()), url(), gateway);
    }

    /** {@code users} users, {@code orders} orders of 1-4 lines, 0-3 cart lines per user; returns rows of orders + carts. */
    public long generate(int users, int orders, long seed) throws SQLException {
        Random r = new Random(seed);
        long rows = 0;
        LocalDateTime base = LocalDateTime.of(2025, 1, 1, 0, 0);
        try (Connection c = DriverManager.getConnection(url() + "?rewriteBatchedStatements=true", mysql.user(), mysql.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement o = c.prepareStatement("INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement oi = c.prepareStatement("INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)")) {
                String[] statuses = {"pending", "completed", "completed", "cancelled"};
                for (int id = 1; id <= orders; id++) {
                    Timestamp created = Timestamp.valueOf(base.plusSeconds(r.nextInt(30_000_000)).plusNanos(r.nextInt(1000) * 1_000_000L));
                    int lines = 1 + r.nextInt(4);
                    BigDecimal total = BigDecimal.ZERO;
                    java.util.Set<Long> products = new java.util.HashSet<>();
                    for (int l = 0; l < lines; l++) {
                        long p = 1 + r.nextInt(300);
                        if (!products.add(p)) {
                            continue;
                        }
                        int q = 1 + r.nextInt(3);
                        BigDecimal price = BigDecimal.valueOf(100 + r.nextInt(20_000), 2);
                        total = total.add(price.multiply(BigDecimal.valueOf(q)));
                        oi.setLong(1, id);
                        oi.setLong(2, p);
                        oi.setInt(3, q);
                        oi.setBigDecimal(4, price);
                        oi.addBatch();
                    }
                    o.setLong(1, id);
                    o.setLong(2, 1 + r.nextInt(users));
                    o.setBigDecimal(3, total);
                    o.setString(4, statuses[r.nextInt(statuses.length)]);
                    o.setTimestamp(5, created);
                    o.setTimestamp(6, created);
                    o.addBatch();
                    rows++;
                    if (id % 500 == 0) {
                        o.executeBatch();
                        oi.executeBatch();
                    }
                }
                o.executeBatch();
                oi.executeBatch();
            }
            try (PreparedStatement ci = c.prepareStatement("INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)")) {
                for (long u = 1; u <= users; u++) {
                    int lines = r.nextInt(4);
                    java.util.Set<Long> products = new java.util.HashSet<>();
                    for (int l = 0; l < lines; l++) {
                        long p = 1 + r.nextInt(300);
                        if (!products.add(p)) {
                            continue;
                        }
                        ci.setLong(1, u);
                        ci.setLong(2, p);
                        ci.setInt(3, 1 + r.nextInt(5));
                        ci.setTimestamp(4, Timestamp.valueOf(base.plusSeconds(r.nextInt(30_000_000)).plusNanos(r.nextInt(1000) * 1_000_000L)));
                        ci.addBatch();
                        rows++;
                    }
                }
                ci.executeBatch();
            }
            c.commit();
        }
        return rows;
    }

    /** Items of the mapped entities in the DynamoDB table (a full scan). */
    public long itemCount() {
        long n = 0;
        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var b = software.amazon.awssdk.services.dynamodb.model.ScanRequest.builder().tableName(ddbTable);
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            software.amazon.awssdk.services.dynamodb.model.ScanResponse resp;
            try {
                resp = client.scan(b.build());
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
                return 0;
            }
            n += resp.items().stream().filter(i -> i.containsKey("entity")).count();
            start = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty() ? resp.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    @Override
    public void close() {
        try {
            client.deleteTable(b -> b.tableName(ddbTable));
        } catch (RuntimeException ignored) {
            // table never created
        }
        client.close();
        mysql.dropDatabase(database);
    }
}
