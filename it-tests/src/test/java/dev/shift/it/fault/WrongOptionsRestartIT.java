package dev.shift.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operator restarts the shop with a wrong Shift option in a phase where MySQL is not complete on its own (4: DynamoDB
 * answers the reads; 5: MySQL is not written). Shift must fail closed: statements on migrated tables fail with a clear
 * error and nothing reaches MySQL, while pages on other tables keep working. Restarted with the right options, nothing
 * was lost: the cart is as it was, and new writes work again.
 */
class WrongOptionsRestartIT {
    private static final long ADMIN = 1;
    private static final long LAMP = 1;

    @ParameterizedTest(name = "phase {0}")
    @ValueSource(ints = {4, 5})
    void aWrongOptionFailsClosedAndTheRightOneLosesNothing(int phase) throws Exception {
        try (ShopWithShift system = ShopWithShift.start("wrong_options_" + phase, phase, ShopLaunch.JDK17,
                TestServers.dynamoDb(), Map.of())) {
            ShopClient admin = system.shopper("admin", "admin");
            int before = cartQuantity(admin);
            admin.addToCart(LAMP, 2).expect(200);
            assertEquals(before + 2, cartQuantity(admin));
            // phase 4 writes MySQL itself; in phase 5 the reverse sync brings it there
            system.stores().awaitMysqlCount(before + 2, Duration.ofSeconds(30), "MySQL has the cart line",
                    "SELECT COALESCE(SUM(quantity), 0) FROM shopping_carts WHERE user_id = ? AND product_id = ?", ADMIN, LAMP);

            system.restartShopWith(Map.of("dynamodb.timeout-ms", "soon"));
            String log = Files.readString(system.shopLog());
            assertTrue(log.contains("FAILING CLOSED") && log.contains("dynamodb.timeout-ms"), "the log says why:\n" + log);
            ShopClient during = new ShopClient(system.process().shopUrl());
            during.login("admin", "admin").expect(200);
            during.get("/api/products").expect(200);   // not a migrated table: served as always
            ShopClient.Response refused = during.addToCart(LAMP, 3);
            assertNotEquals(200, refused.status(), "a cart write must not be served by MySQL alone: " + refused.body());
            assertNotEquals(200, during.cart().status(), "nor a cart read");
            assertEquals(Optional.of(before + 2), system.stores().mysqlCartQuantity(ADMIN, LAMP), "nothing reached MySQL");

            system.restartShop();
            ShopClient after = system.shopper("admin", "admin");
            assertEquals(before + 2, cartQuantity(after), "nothing lost");
            after.addToCart(LAMP, 1).expect(200);
            assertEquals(before + 3, cartQuantity(after));
            system.stores().awaitMysqlCount(before + 3, Duration.ofSeconds(30), "MySQL follows again",
                    "SELECT COALESCE(SUM(quantity), 0) FROM shopping_carts WHERE user_id = ? AND product_id = ?", ADMIN, LAMP);
        }
    }

    private static int cartQuantity(ShopClient shopper) throws IOException {
        Map<?, ?> cart = JSON.std.mapFrom(shopper.cart().expect(200).body());
        for (Object o : (List<?>) cart.get("lines")) {
            Map<?, ?> line = (Map<?, ?>) o;
            if (((Number) line.get("productId")).longValue() == LAMP) {
                return ((Number) line.get("quantity")).intValue();
            }
        }
        return 0;
    }
}
