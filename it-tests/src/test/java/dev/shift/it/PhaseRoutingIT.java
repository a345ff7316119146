package dev.shift.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.TestServers;
import dev.shift.it.harness.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged shop, with Shift attached, runs its cart → checkout → history flow in each phase while
 * an operator switches phases at runtime between requests; after each step both stores hold exactly
 * what the phase table says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhaseRoutingIT {

    private static final long ADMIN = 1;
    private static final long CUSTOMER1 = 3;
    private static final long CUSTOMER2 = 4;

    private ShopWithShift system;
    private Stores stores;

    @BeforeAll
    void start() throws Exception {
        // One comparison per read shape is enough evidence here: this test walks the phases with a few requests.
        system = ShopWithShift.start("phases", 1, ShopLaunch.JDK17, TestServers.dynamoDb(),
                Map.of("validation.min-compared", "1"));
        stores = system.stores();
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void phase1WritesMysqlOnly() throws IOException {
        ShopClient shopper = system.shopper("customer1", "customer1");
        shopper.addToCart(3, 1).expect(200);

        assertEquals(Optional.of(1), stores.mysqlCartQuantity(CUSTOMER1, 3));
        assertTrue(stores.item("USER#3", "CART#3").isEmpty(), "phase 1 must not write DynamoDB");
        assertEquals(1, cartQuantity(shopper, 3));
    }

    @Test
    @Order(2)
    void phase2WritesBothAndReadsMysql() throws IOException {
        switchTo(2);
        ShopClient admin = system.shopper("admin", "admin");
        admin.addToCart(1, 2).expect(200);
        admin.addToCart(1, 1).expect(200);            // INSERT … ON DUPLICATE KEY UPDATE quantity = quantity + ?

        assertEquals(Optional.of(3), stores.mysqlCartQuantity(ADMIN, 1));
        Map<String, AttributeValue> item = stores.item("USER#1", "CART#1").orElseThrow();
        assertEquals("3", item.get("quantity").n());
        assertEquals("1", item.get("product_id").n());

        admin.changeQuantity(1, 5).expect(200);
        assertEquals(Optional.of(5), stores.mysqlCartQuantity(ADMIN, 1));
        assertEquals("5", stores.item("USER#1", "CART#1").orElseThrow().get("quantity").n());

        // A whole checkout in phase 2: the order lands in both stores under MySQL's id.
        ShopClient customer2 = system.shopper("customer2", "customer2");
        customer2.addToCart(2, 2).expect(200);
        long orderId = checkout(customer2);
        assertEquals(1, stores.mysqlCount("SELECT COUNT(*) FROM orders WHERE id = ?", orderId));
        Map<String, AttributeValue> order = orderItem(CUSTOMER2, orderId).orElseThrow();
        List<AttributeValue> lines = order.get("items").l();
        assertEquals(1, lines.size());
        assertEquals("2", lines.get(0).m().get("product_id").n());
        assertEquals("2", lines.get(0).m().get("quantity").n());
        BigDecimal mysqlTotal = (BigDecimal) stores.mysql("SELECT total_amount FROM orders WHERE id = ?", orderId)
                .get(0).get("total_amount");
        assertEquals(0, mysqlTotal.compareTo(new BigDecimal(order.get("total_amount").n())));
        assertTrue(stores.item("USER#4", "CART#2").isEmpty(), "checkout empties the DynamoDB cart too");
        assertEquals(0, stores.mysqlCount("SELECT COUNT(*) FROM shopping_carts WHERE user_id = ?", CUSTOMER2));
    }

    @Test
    @Order(3)
    void phase3WritesBothAndAnswersFromMysql() throws Exception {
        system.cli().backfill().expect(0);   // the gate to phase 3: history copied after dual writes began
        switchTo(3);
        ShopClient customer1 = system.shopper("customer1", "customer1");
        customer1.addToCart(5, 2).expect(200);
        assertEquals(Optional.of(2), stores.mysqlCartQuantity(CUSTOMER1, 5));
        assertEquals("2", stores.item("USER#3", "CART#5").orElseThrow().get("quantity").n());
        // The line added in phase 1 exists only in MySQL, and MySQL still answers: it is in the cart.
        assertEquals(1, cartQuantity(customer1, 3));
        customer1.removeFromCart(5).expect(200);
        assertEquals(Optional.empty(), stores.mysqlCartQuantity(CUSTOMER1, 5));
        assertTrue(stores.item("USER#3", "CART#5").isEmpty(), "the delete reached DynamoDB too");
    }

    @Test
    @Order(4)
    void phase4ReadsDynamoDbAndStillWritesBoth() throws Exception {
        system.cli().verify().expect(0);     // the gate to phase 4: both stores proven equal
        switchTo(4);
        ShopClient customer2 = system.shopper("customer2", "customer2");
        customer2.addToCart(4, 1).expect(200);
        assertEquals(1, cartQuantity(customer2, 4), "the cart is read from DynamoDB");
        long orderId = checkout(customer2);
        assertEquals(1, stores.mysqlCount("SELECT COUNT(*) FROM orders WHERE id = ?", orderId));
        assertTrue(orderItem(CUSTOMER2, orderId).isPresent());

        Map<?, ?> history = JSON.std.mapFrom(customer2.orders().expect(200).body());
        assertEquals(2, ((Number) history.get("count")).intValue(), "history (from DynamoDB) has both orders");
    }

    @Test
    @Order(5)
    void phase5ChecksOutInDynamoDbOnly() throws IOException {
        switchTo(5);
        ShopClient admin = system.shopper("admin", "admin");
        assertEquals(5, cartQuantity(admin, 1), "the cart written in phase 2 is read back from DynamoDB");

        long before = stores.mysqlCount("SELECT COUNT(*) FROM orders");
        long mysqlHighest = stores.mysqlCount("SELECT COALESCE(MAX(id), 0) FROM orders");
        long orderId = checkout(admin);

        assertTrue(stores.item("USER#1", "CART#1").isEmpty(), "the CART# item is gone");
        Map<String, AttributeValue> order = orderItem(ADMIN, orderId).orElseThrow();
        assertEquals("pending", order.get("status").s());
        assertEquals("5", order.get("items").l().get(0).m().get("quantity").n());
        assertTrue(orderId > mysqlHighest, "Shift allocates ids above MySQL's highest");
        // The shop's statements no longer reach MySQL; the reverse sync copies DynamoDB's state into it.
        stores.awaitMysqlCount(before + 1, java.time.Duration.ofSeconds(30), "the reverse sync copies the order",
                "SELECT COUNT(*) FROM orders");
        assertEquals(1, stores.mysqlCount("SELECT COUNT(*) FROM orders WHERE id = ?", orderId), "the same id in MySQL");
        stores.awaitMysqlCount(0, java.time.Duration.ofSeconds(30), "the reverse sync deletes the checked-out cart line",
                "SELECT COUNT(*) FROM shopping_carts WHERE user_id = ? AND product_id = ?", ADMIN, 1);

        Map<?, ?> detail = JSON.std.mapFrom(admin.order(orderId).expect(200).body());
        assertEquals("pending", detail.get("status"));
        admin.cancel(orderId).expect(200);
        assertEquals("cancelled", orderItem(ADMIN, orderId).orElseThrow().get("status").s());
    }

    private void switchTo(int phase) {
        system.admin().switchToPhase(phase).expect(200);
    }

    private static int cartQuantity(ShopClient shopper, long productId) throws IOException {
        Map<?, ?> cart = JSON.std.mapFrom(shopper.cart().expect(200).body());
        for (Object o : (List<?>) cart.get("lines")) {
            Map<?, ?> line = (Map<?, ?>) o;
            if (((Number) line.get("productId")).longValue() == productId) {
                return ((Number) line.get("quantity")).intValue();
            }
        }
        return 0;
    }

    private static long checkout(ShopClient shopper) throws IOException {
        Map<?, ?> reply = JSON.std.mapFrom(shopper.checkout().expect(201).body());
        return ((Number) reply.get("orderId")).longValue();
    }

    private Optional<Map<String, AttributeValue>> orderItem(long userId, long orderId) {
        return stores.items("USER#" + userId, "ORDER#").stream()
                .filter(i -> i.get("SK").s().endsWith("#" + orderId))
                .findFirst();
    }
}
