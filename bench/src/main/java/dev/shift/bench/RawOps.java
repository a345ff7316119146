package dev.shift.bench;

import com.acme.shop.dao.Db;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.sql.DataSource;

/**
 * The baseline of item 3: the same work as the shop's statements in one phase, written by hand with the fewest
 * DynamoDB calls a developer would use (same single-table design: {@code USER#id}/{@code CART#product},
 * {@code ORDER#created#id} with a GSI on {@code ORDER#id}, order lines embedded), and plain JDBC for the MySQL side
 * (the shop's own DAOs in a JVM without Shift). Per statement, not per page: Shift answers statements, so the
 * baseline does not merge two statements' reads into one call.
 */
final class RawOps implements ShopOps {

    private final ShopDaoOps mysql;
    private final DataSource ds;
    private final DynamoDbClient ddb;
    private final String table;
    private final boolean readDdb;
    private final boolean writeMysql;
    private final boolean writeDdb;

    RawOps(DataSource ds, DynamoDbClient ddb, String table, int phase) {
        this.mysql = new ShopDaoOps(ds);
        this.ds = ds;
        this.ddb = ddb;
        this.table = table;
        this.readDdb = phase >= 3;
        this.writeMysql = phase <= 4;
        this.writeDdb = phase >= 2;
    }

    static void createTable(DynamoDbClient ddb, String table) {
        ddb.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("PK"), attr("SK"), attr("GSI1PK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("GSI1")
                        .keySchema(key("GSI1PK", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(Object v) {
        return AttributeValue.fromN(String.valueOf(v));
    }

    private static Map<String, AttributeValue> cartKey(long user, long product) {
        return Map.of("PK", s("USER#" + user), "SK", s("CART#" + product));
    }

    public void add(long user, long product, int quantity) throws Exception {
        if (writeMysql) {
            mysql.add(user, product, quantity);
        }
        if (writeDdb) {
            ddb.updateItem(u -> u.tableName(table).key(cartKey(user, product))
                    .updateExpression("SET quantity = if_not_exists(quantity, :z) + :q, added_at = if_not_exists(added_at, :t), "
                            + "user_id = :u, product_id = :p")
                    .expressionAttributeValues(Map.of(":z", n(0), ":q", n(quantity), ":t", s(Db.now().toString()),
                            ":u", n(user), ":p", n(product))));
        }
    }

    public void setQuantity(long user, long product, int quantity) throws Exception {
        if (writeMysql) {
            mysql.setQuantity(user, product, quantity);
        }
        if (writeDdb) {
            try {
                ddb.updateItem(u -> u.tableName(table).key(cartKey(user, product)).updateExpression("SET quantity = :q")
                        .conditionExpression("attribute_exists(PK)").expressionAttributeValues(Map.of(":q", n(quantity))));
            } catch (ConditionalCheckFailedException e) {
                // no such line: 0 rows
            }
        }
    }

    public Object quantity(long user, long product) throws Exception {
        if (!readDdb) {
            return mysql.quantity(user, product);
        }
        Map<String, AttributeValue> item = ddb.getItem(g -> g.tableName(table).key(cartKey(user, product))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : Integer.valueOf(item.get("quantity").n());
    }

    private List<Map<String, AttributeValue>> cartItems(long user) {
        return ddb.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", s("USER#" + user), ":sk", s("CART#")))).items();
    }

    /** The products table stays in MySQL: one query for the names and prices of these ids. */
    private Map<Long, Object[]> products(Connection con, List<Long> ids) throws Exception {
        Map<Long, Object[]> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringJoiner in = new StringJoiner(",", "(", ")");
        ids.forEach(i -> in.add("?"));
        try (PreparedStatement ps = con.prepareStatement("SELECT id, name, price FROM products WHERE id IN " + in)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getBigDecimal(3)});
                }
            }
        }
        return out;
    }

    private Cart cartFromItems(Connection con, List<Map<String, AttributeValue>> items) throws Exception {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(Long.parseLong(i.get("product_id").n())));
        Map<Long, Object[]> p = products(con, ids);
        List<CartLine> lines = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            long id = Long.parseLong(i.get("product_id").n());
            Object[] prod = p.get(id);
            lines.add(new CartLine(id, Integer.parseInt(i.get("quantity").n()), Timestamp.valueOf(i.get("added_at").s()),
                    (String) prod[0], (BigDecimal) prod[1]));
        }
        return new Cart(lines);
    }

    public Object cart(long user) throws Exception {
        if (!readDdb) {
            return mysql.cart(user);
        }
        List<Map<String, AttributeValue>> items = cartItems(user);
        try (Connection con = ds.getConnection()) {
            return cartFromItems(con, items);
        }
    }

    public Object summary(long user) throws Exception {
        if (!readDdb) {
            return mysql.summary(user);
        }
        long lines = 0;
        long quantity = 0;
        for (Map<String, AttributeValue> i : cartItems(user)) {
            lines++;
            quantity += Long.parseLong(i.get("quantity").n());
        }
        return new long[] {lines, quantity};
    }

    public void remove(long user, long product) throws Exception {
        if (writeMysql) {
            mysql.remove(user, product);
        }
        if (writeDdb) {
            ddb.deleteItem(d -> d.tableName(table).key(cartKey(user, product)));
        }
    }

    public long checkout(long user) throws Exception {
        Cart cart;
        long orderId;
        Timestamp now;
        if (writeMysql) {
            // MySQL's own checkout (its transaction reads the cart from MySQL); with reads on DynamoDB (phase 4)
            // the cart is also read there, as the phase demands.
            cart = readDdb ? null : (Cart) mysql.cart(user);
            if (readDdb) {
                try (Connection con = ds.getConnection()) {
                    cart = cartFromItems(con, cartItems(user));
                }
            }
            var order = mysql.checkout.checkout(user);
            orderId = order.id();
            now = order.createdAt();
        } else {
            // Phase 5: the cart from DynamoDB, stock taken in MySQL (products stay there), an id from a counter item.
            try (Connection con = ds.getConnection()) {
                cart = cartFromItems(con, cartItems(user));
                con.setAutoCommit(false);
                try (PreparedStatement ps = con.prepareStatement(
                        "UPDATE products SET inventory = inventory - ? WHERE id = ? AND inventory >= ?")) {
                    for (CartLine l : cart.lines()) {
                        ps.setInt(1, l.quantity());
                        ps.setLong(2, l.productId());
                        ps.setInt(3, l.quantity());
                        if (ps.executeUpdate() != 1) {
                            throw new IllegalStateException("out of stock");
                        }
                    }
                }
                con.commit();
            }
            Map<String, AttributeValue> counter = ddb.updateItem(u -> u.tableName(table)
                    .key(Map.of("PK", s("COUNTER"), "SK", s("orders.id")))
                    .updateExpression("ADD next_id :one").expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            orderId = 1_000_000 + Long.parseLong(counter.get("next_id").n());
            now = Db.now();
        }
        if (writeDdb) {
            List<AttributeValue> lines = new ArrayList<>();
            for (CartLine l : cart.lines()) {
                lines.add(AttributeValue.fromM(Map.of("product_id", n(l.productId()), "quantity", n(l.quantity()),
                        "price_at_time", n(l.price()))));
            }
            Map<String, AttributeValue> order = new HashMap<>();
            order.put("PK", s("USER#" + user));
            order.put("SK", s("ORDER#" + now + "#" + orderId));
            order.put("GSI1PK", s("ORDER#" + orderId));
            order.put("id", n(orderId));
            order.put("user_id", n(user));
            order.put("total_amount", n(cart.total()));
            order.put("status", s("pending"));
            order.put("created_at", s(now.toString()));
            order.put("updated_at", s(now.toString()));
            order.put("items", AttributeValue.fromL(lines));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(order)).build());
            for (CartLine l : cart.lines()) {
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(cartKey(user, l.productId()))).build());
            }
            ddb.transactWriteItems(t -> t.transactItems(writes));
        }
        return orderId;
    }

    public Object history(long user) throws Exception {
        if (!readDdb) {
            return mysql.history(user);
        }
        return ddb.query(q -> q.tableName(table).consistentRead(true).scanIndexForward(false).limit(10)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", s("USER#" + user), ":sk", s("ORDER#")))).items();
    }

    public long count(long user) throws Exception {
        if (!readDdb) {
            return mysql.count(user);
        }
        return ddb.query(q -> q.tableName(table).consistentRead(true).select(Select.COUNT)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", s("USER#" + user), ":sk", s("ORDER#")))).count();
    }

    private QueryResponse byId(long orderId) {
        return ddb.query(q -> q.tableName(table).indexName("GSI1").keyConditionExpression("GSI1PK = :id")
                .expressionAttributeValues(Map.of(":id", s("ORDER#" + orderId))));
    }

    public Object order(long orderId) throws Exception {
        return readDdb ? byId(orderId).items() : mysql.order(orderId);
    }

    public Object lines(long orderId) throws Exception {
        if (!readDdb) {
            return mysql.lines(orderId);
        }
        List<Map<String, AttributeValue>> items = byId(orderId).items();
        List<Long> ids = new ArrayList<>();
        for (Map<String, AttributeValue> o : items) {
            o.get("items").l().forEach(l -> ids.add(Long.parseLong(l.m().get("product_id").n())));
        }
        try (Connection con = ds.getConnection()) {
            return products(con, ids);
        }
    }

    public void cancel(long orderId, long user) throws Exception {
        if (writeMysql) {
            mysql.cancel(orderId, user);
        }
        if (writeDdb) {
            // The item's key holds created_at, which the statement does not give: find it by the index first.
            for (Map<String, AttributeValue> o : byId(orderId).items()) {
                try {
                    ddb.updateItem(u -> u.tableName(table).key(Map.of("PK", o.get("PK"), "SK", o.get("SK")))
                            .updateExpression("SET #s = :new, updated_at = :t")
                            .conditionExpression("#s = :old AND user_id = :u")
                            .expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":new", s("cancelled"), ":old", s("pending"),
                                    ":t", s(Db.now().toString()), ":u", n(user))));
                } catch (ConditionalCheckFailedException e) {
                    // not pending any more: 0 rows
                }
            }
        }
    }
}
