package dev.shift.agent.dynamo;

import dev.shift.agent.mapping.Mapping;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * AUTO_INCREMENT ids when MySQL is no longer written (phase 5): a counter item per column in the same table,
 * {@code PK = <counterPartition>} (default {@code SHIFT#COUNTER}), {@code SK = <table>.<column>}, number
 * attribute {@code value} = the highest id handed out. Each refill is one UpdateItem {@code ADD value :block}
 * returning UPDATED_NEW, so concurrent JVMs never get the same id. With {@code blockSize > 1} a JVM reserves
 * a block at a time; ids stay unique and increasing per JVM, and the unused rest of a block is skipped after a
 * restart (gaps, as MySQL's AUTO_INCREMENT also has).
 */
public final class IdAllocator implements IdSource {
    public static final String VALUE_ATTRIBUTE = "value";

    private final DynamoGateway gateway;
    private final int blockSize;
    private final Map<String, long[]> blocks = new HashMap<>();   // "table.column" → {next, last}

    public IdAllocator(DynamoGateway gateway, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be ≥ 1");
        }
        this.gateway = gateway;
        this.blockSize = blockSize;
    }

    public IdAllocator(DynamoGateway gateway) {
        this(gateway, 1);
    }

    private Map<String, AttributeValue> key(String table, String column) {
        Mapping m = gateway.mapping();
        return Map.of(m.partitionKeyAttribute(), AttributeValue.fromS(m.counterPartition()),
                m.sortKeyAttribute(), AttributeValue.fromS(table + "." + column));
    }

    @Override
    public synchronized long next(String table, String column) throws SQLException {
        String k = table + "." + column;
        long[] b = blocks.get(k);
        if (b == null || b[0] > b[1]) {
            try {
                UpdateItemResponse r = gateway.client().updateItem(u -> u.tableName(gateway.tableName())
                        .key(key(table, column)).updateExpression("ADD #v :n")
                        .expressionAttributeNames(Map.of("#v", VALUE_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(blockSize))))
                        .returnValues(ReturnValue.UPDATED_NEW));
                long last = Long.parseLong(r.attributes().get(VALUE_ATTRIBUTE).n());
                b = new long[] {last - blockSize + 1, last};
                blocks.put(k, b);
            } catch (SdkException e) {
                throw DynamoErrors.toSql("INSERT INTO " + table, gateway.tableName(), "id allocation for " + k, e);
            }
        }
        return b[0]++;
    }

    /**
     * Moves the counter up to {@code mysqlMax} (MySQL's highest id) if it is below; never moves it backwards
     * (conditional write). Returns the counter value afterwards.
     */
    public synchronized long initialiseAbove(String table, String column, long mysqlMax) throws SQLException {
        try {
            gateway.client().updateItem(u -> u.tableName(gateway.tableName()).key(key(table, column))
                    .updateExpression("SET #v = :m")
                    .conditionExpression("attribute_not_exists(#v) OR #v < :m")
                    .expressionAttributeNames(Map.of("#v", VALUE_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":m", AttributeValue.fromN(Long.toString(mysqlMax)))));
        } catch (ConditionalCheckFailedException alreadyAbove) {
            // the counter is at or above mysqlMax already
        } catch (SdkException e) {
            throw DynamoErrors.toSql("(initialise id counter)", gateway.tableName(), "UpdateItem " + table + "." + column, e);
        }
        long[] b = blocks.get(table + "." + column);
        if (b != null && b[0] <= mysqlMax) {
            blocks.remove(table + "." + column);   // the local block overlaps ids MySQL used: drop it
        }
        return current(table, column);
    }

    /** The counter's value (the highest id reserved so far), 0 when it does not exist. */
    public long current(String table, String column) throws SQLException {
        try {
            Map<String, AttributeValue> item = gateway.client().getItem(g -> g.tableName(gateway.tableName())
                    .key(key(table, column)).consistentRead(true)).item();
            AttributeValue v = item == null ? null : item.get(VALUE_ATTRIBUTE);
            return v == null ? 0 : Long.parseLong(v.n());
        } catch (SdkException e) {
            throw DynamoErrors.toSql("(read id counter)", gateway.tableName(), "GetItem " + table + "." + column, e);
        }
    }
}
