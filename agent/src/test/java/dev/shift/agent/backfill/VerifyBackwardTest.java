package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backward pass (extra items) trusts the item keys the forward pass built from the rows it compared, and looks
 * every other item's row up in MySQL: a row inserted behind the forward pass while verify runs is not an extra item,
 * a row deleted ahead of it (its item left behind) is.
 */
class VerifyBackwardTest {
    private ShopHistory shop;

    @BeforeEach
    void setUp() throws Exception {
        shop = new ShopHistory();
    }

    @AfterEach
    void tearDown() {
        shop.close();
    }

    @Test
    void rowsChangedAroundTheForwardPassAreCheckedInMySql() throws Exception {
        shop.generate(30, 300, 11);
        assertTrue(new Backfill(shop.stores(), new Backfill.Options(null, 2, 100, 0, null, false, false, 0),
                Backfill.Progress.NONE).run().complete());
        ItemBuilder builder = new ItemBuilder(shop.mapping);
        ItemTable items = new ItemTable(shop.gateway, new Stats());
        Row order5;
        try (Connection c = shop.connect()) {
            SqlTable orders = SqlTable.discover(c, shop.mapping, Set.of("orders")).get(0);
            order5 = orders.readByKey(c, List.of(5L));
        }
        // order 5 is gone from both stores when verify starts ...
        deleteOrder(5);
        shop.client.deleteItem(d -> d.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order5))));

        AtomicInteger chunks = new AtomicInteger();
        Verify.Result v = new Verify(shop.stores(), new Verify.Options(null, 1, 50)).progress(new Backfill.Progress() {
            @Override
            public void start(long totalRows, long alreadyDone) {
            }

            @Override
            public void advance(long n) {
                if (chunks.incrementAndGet() != 1) {
                    return;
                }
                // ... and after the first chunk (orders 1-51), the application creates it again in both stores,
                // behind the forward pass, and deletes order 200's row ahead of it, but not its item
                try {
                    insertOrder(order5);
                    assertTrue(items.putIfAbsent(builder.key(order5), builder.item(order5, 7)));
                    deleteOrder(200);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void finish() {
            }
        }).run();
        Set<String> found = new TreeSet<>();
        for (Verify.Diff d : v.diffs()) {
            found.add(d.kind() + " " + d.table() + " " + d.pk() + " " + d.attributes());
        }
        assertEquals(Set.of("EXTRA orders [200] []"), found);
    }

    private void deleteOrder(long id) throws SQLException {
        try (Connection c = shop.connect(); var st = c.createStatement()) {
            st.executeUpdate("DELETE FROM order_items WHERE order_id = " + id);
            assertEquals(1, st.executeUpdate("DELETE FROM orders WHERE id = " + id));
        }
    }

    private void insertOrder(Row r) throws SQLException {
        Map<String, Object> o = r.values();
        try (Connection c = shop.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement li = c.prepareStatement("INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES (?, ?, ?, ?)")) {
            int i = 1;
            for (String col : List.of("id", "user_id", "total_amount", "status", "created_at", "updated_at")) {
                ps.setObject(i++, o.get(col));
            }
            ps.executeUpdate();
            for (Map<String, Object> line : r.children().get("order_items")) {
                i = 1;
                for (String col : List.of("order_id", "product_id", "quantity", "price_at_time")) {
                    li.setObject(i++, line.get(col));
                }
                li.executeUpdate();
            }
        }
    }
}
