package dev.shift.it.harness;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks into both stores directly (plain JDBC, plain SDK, no Shift in between), the way an operator
 * checks the MySQL views and the DynamoDB console.
 */
public final class Stores implements AutoCloseable {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DynamoDbClient dynamo;
    private final String table;

    public Stores(String jdbcUrl, String user, String password, URI dynamoEndpoint, String region, String accessKey,
            String secretKey, String table) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.table = table;
        this.dynamo = DynamoDbClient.builder()
                .endpointOverride(dynamoEndpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String table() {
        return table;
    }

    /** Rows of a query against MySQL, each as column label → value. */
    public List<Map<String, Object>> mysql(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("MySQL query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** A MySQL cart line's quantity, as the user view shows it. */
    public Optional<Integer> mysqlCartQuantity(long userId, long productId) {
        List<Map<String, Object>> rows = mysql(
                "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?", userId, productId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0).get("quantity")).intValue());
    }

    public long mysqlCount(String sql, Object... params) {
        return ((Number) mysql(sql, params).get(0).values().iterator().next()).longValue();
    }

    /**
     * Polls {@link #mysqlCount} until it equals {@code expected} (MySQL catching up, e.g. through the reverse sync of
     * phase 5); fails after {@code timeout} with the last value.
     */
    public void awaitMysqlCount(long expected, java.time.Duration timeout, String what, String sql, Object... params) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last;
        while ((last = mysqlCount(sql, params)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + " within " + timeout.toSeconds() + " s, still "
                        + last + " [" + sql + "]");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted", e);
            }
        }
    }

    /** One DynamoDB item by key, read strongly consistently. */
    public Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The items of a partition whose sort key starts with a prefix. */
    public List<Map<String, AttributeValue>> items(String pk, String skPrefix) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":sk", AttributeValue.fromS(skPrefix)));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            var r = dynamo.query(q.build());
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
