package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A verify that stops part-way resumes from its checkpoints and still finds every difference exactly. */
class VerifyResumeTest {
    @TempDir
    Path dir;

    private ShopHistory shop;

    @BeforeEach
    void setUp() throws Exception {
        shop = new ShopHistory();
    }

    @AfterEach
    void tearDown() {
        shop.close();
    }

    /** Connections that fail every call once {@code broken} is set (MySQL going away mid-run). */
    private Stores breakable(AtomicBoolean broken) {
        Stores.Connections real = Stores.connectorJ(shop.url(), shop.mysql.user(), shop.mysql.password());
        return new Stores(() -> {
            Connection c = real.open();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (p, m, args) -> {
                        if (broken.get() && !m.getName().equals("close")) {
                            throw new SQLException("MySQL went away (test)");
                        }
                        try {
                            return m.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }, shop.url(), shop.gateway);
    }

    @Test
    void aVerifyStoppedPartWayResumesAndFindsEveryDifference() throws Exception {
        long rows = shop.generate(30, 300, 9);
        assertTrue(new Backfill(shop.stores(), new Backfill.Options(null, 2, 100, 0, dir.resolve("cp"), false, false, 0),
                Backfill.Progress.NONE).run().complete());
        ItemBuilder builder = new ItemBuilder(shop.mapping);
        Row order10;
        Row order290;
        Row cart;
        try (Connection c = shop.connect()) {
            List<SqlTable> tables = SqlTable.discover(c, shop.mapping, null);
            SqlTable orders = tables.stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
            SqlTable carts = tables.stream().filter(t -> t.name().equals("shopping_carts")).findFirst().orElseThrow();
            order10 = orders.readByKey(c, List.of(10L));
            order290 = orders.readByKey(c, List.of(290L));
            cart = carts.readChunk(c, Segment.whole("shopping_carts"), null, 1).get(0);
        }
        shop.client.deleteItem(d -> d.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order10))));
        shop.client.deleteItem(d -> d.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(order290))));
        shop.client.updateItem(u -> u.tableName(shop.ddbTable).key(shop.gateway.key(builder.key(cart)))
                .updateExpression("SET quantity = quantity + :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        // an extra item: an order whose row does not exist (the backward pass looks it up in MySQL)
        Map<String, Object> ghost = new java.util.LinkedHashMap<>(order10.values());
        ghost.put("id", 99_999L);
        Row ghostRow = new Row("orders", List.of(99_999L), ghost, Map.of("order_items", List.of()));
        assertTrue(new ItemTable(shop.gateway, new Stats()).putIfAbsent(builder.key(ghostRow), builder.item(ghostRow, 1)));
        Path cps = dir.resolve("verify-cp");

        // run 1: MySQL goes away after 3 chunks of 50 rows
        AtomicBoolean broken = new AtomicBoolean();
        AtomicInteger chunks = new AtomicInteger();
        Verify.Options options = new Verify.Options(null, 1, 50);
        assertThrows(SQLException.class, () -> new Verify(breakable(broken), options).checkpoints(cps).progress(new Backfill.Progress() {
            @Override
            public void start(long totalRows, long alreadyDone) {
            }

            @Override
            public void advance(long n) {
                if (chunks.incrementAndGet() == 3) {
                    broken.set(true);
                }
            }

            @Override
            public void finish() {
            }
        }).run());
        long foundBefore = 0;
        try (var files = Files.list(cps)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.toString().endsWith(".differences.jsonl")) {
                    foundBefore += Files.readAllLines(p).size();
                }
            }
        }
        assertTrue(foundBefore >= 1, "the first chunks' differences are kept: " + foundBefore);

        // run 2 resumes: starts with the 3 chunks' rows already compared, ends with every row compared and the four
        // differences (the rows compared by run 1 are looked up in MySQL by the backward pass: no false extra items)
        AtomicLong resumedAt = new AtomicLong(-1);
        Verify.Result v = new Verify(shop.stores(), options).checkpoints(cps).progress(new Backfill.Progress() {
            @Override
            public void start(long totalRows, long alreadyDone) {
                resumedAt.set(alreadyDone);
            }

            @Override
            public void advance(long n) {
            }

            @Override
            public void finish() {
            }
        }).run();
        assertTrue(resumedAt.get() >= 100 && resumedAt.get() <= 150, "resumed after 3 chunks: " + resumedAt.get());
        assertEquals(rows, v.rowsCompared());
        Set<String> found = new TreeSet<>();
        for (Verify.Diff d : v.diffs()) {
            found.add(d.kind() + " " + d.table() + " " + d.pk() + " " + d.attributes());
        }
        assertEquals(new TreeSet<>(List.of("MISSING orders [10] []", "MISSING orders [290] []",
                "MISMATCH shopping_carts " + cart.key() + " [quantity]", "EXTRA orders [99999] []")), found);
        try (var files = Files.list(cps)) {
            assertEquals(List.of(), files.toList(), "a finished verify removes its checkpoints");
        }

        // and the next verify compares everything again
        assertEquals(4, new Verify(shop.stores(), options).checkpoints(cps).run().diffs().size());
    }
}
