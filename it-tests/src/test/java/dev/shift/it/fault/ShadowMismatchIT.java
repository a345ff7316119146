package dev.shift.it.fault;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.it.harness.Stores;
import dev.shift.testkit.DynamoDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 3 with every SELECT shadowed: a cart item is changed in DynamoDB behind Shift's back (quantity 7 where
 * MySQL holds 2). The shopper still sees MySQL's answer, and {@code GET /api/migration/validation} reports the
 * difference as a {@code shopping_carts} mismatch carrying both stores' values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadowMismatchIT {

    private static final String NAME = "fault_shadow";
    private static final long CUSTOMER1 = 3;
    private static final long PRODUCT = 5;

    private DynamoDbServer dynamo;
    private ShopWithShift system;
    private Stores stores;

    @BeforeAll
    void start() throws Exception {
        dynamo = DynamoDbServer.start();   // our own: this class edits items behind Shift's back
        system = ShopWithShift.start(NAME, 2, ShopLaunch.JDK17, dynamo,
                Map.of("validation.sample", "100"));
        stores = system.stores();
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void anItemEditedBehindShiftsBackIsReportedWithBothValuesWhileTheUserSeesMysql() throws Exception {
        ShopClient customer = system.shopper("customer1", "customer1");
        customer.addToCart(PRODUCT, 2).expect(200);                         // phase 2: lands in both stores
        assertEquals(Optional.of(2), stores.mysqlCartQuantity(CUSTOMER1, PRODUCT));
        assertEquals("2", stores.item("USER#3", "CART#5").orElseThrow().get("quantity").n());

        AdminClient admin = system.admin();
        system.cli().backfill().expect(0);   // the gate to phase 3
        admin.switchToPhase(3).expect(200);
        Map<String, Object> before = validation(admin);
        assertEquals(Boolean.TRUE, before.get("enabled"), "shadow reads are on in phase 3: " + before);
        long mismatchesBefore = number(before, "mismatches");

        // Behind Shift's back: the raw SDK, straight into DynamoDB.
        stores.dynamo().updateItem(u -> u.tableName(stores.table())
                .key(Map.of("PK", AttributeValue.fromS("USER#" + CUSTOMER1), "SK", AttributeValue.fromS("CART#" + PRODUCT)))
                .updateExpression("SET quantity = :q")
                .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("7"))));
        assertEquals("7", stores.item("USER#3", "CART#5").orElseThrow().get("quantity").n());

        // The user sees MySQL's cart (lines and badge).
        Map<String, Object> cart = JSON.std.mapFrom(customer.cart().expect(200).body());
        List<?> lines = (List<?>) cart.get("lines");
        assertEquals(1, lines.size(), "cart: " + cart);
        assertEquals(2, ((Number) ((Map<?, ?>) lines.get(0)).get("quantity")).intValue(), "cart line: " + cart);
        assertEquals(2, ((Number) cart.get("count")).intValue(), "cart badge: " + cart);

        // Compared off the request path: poll the report.
        Map<String, Object> report = null;
        Map<?, ?> mismatch = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (mismatch == null && System.nanoTime() < deadline) {
            report = validation(admin);
            if (number(report, "mismatches") > mismatchesBefore) {
                mismatch = plantedMismatch(report);
            }
            if (mismatch == null) {
                Thread.sleep(100);
            }
        }
        assertNotNull(mismatch, "no shopping_carts mismatch showing MySQL 2 and DynamoDB 7 within 15 s: " + report);
        System.err.println("[" + NAME + "] reported: " + mismatch);

        Map<?, ?> byTable = (Map<?, ?>) ((Map<?, ?>) report.get("byTable")).get("shopping_carts");
        assertNotNull(byTable, "byTable.shopping_carts: " + report);
        assertTrue(((Number) byTable.get("mismatches")).longValue() >= 1, "byTable.shopping_carts: " + byTable);
        String detail = String.valueOf(mismatch.get("detail"));
        assertTrue(detail.contains("2") && detail.contains("7"), "the detail names both values: " + mismatch);
        assertTrue(String.valueOf(mismatch.get("parameters")).contains(String.valueOf(CUSTOMER1)),
                "the parameters show the user: " + mismatch);
    }

    /** The recent mismatch on shopping_carts whose MySQL side holds 2 and DynamoDB side 7 in the same column. */
    private static Map<?, ?> plantedMismatch(Map<String, Object> report) {
        for (Object o : (List<?>) report.get("recent")) {
            Map<?, ?> m = (Map<?, ?>) o;
            if (!"shopping_carts".equals(m.get("table"))) {
                continue;
            }
            Map<?, ?> mysql = (Map<?, ?>) m.get("mysql");
            Map<?, ?> dynamodb = (Map<?, ?>) m.get("dynamodb");
            if (mysql == null || dynamodb == null) {
                continue;
            }
            for (String column : List.of("quantity", "item_count")) {
                if ("2".equals(cell(mysql, column)) && "7".equals(cell(dynamodb, column))) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The value of {@code column} in the only row of a reported result (null if not exactly that shape). */
    private static String cell(Map<?, ?> result, String column) {
        List<?> columns = (List<?>) result.get("columns");
        List<?> rows = (List<?>) result.get("rows");
        int i = columns == null ? -1 : columns.indexOf(column);
        if (i < 0 || rows == null || rows.size() != 1) {
            return null;
        }
        Object value = ((List<?>) rows.get(0)).get(i);
        return value == null ? null : value.toString();
    }

    private static Map<String, Object> validation(AdminClient admin) throws IOException {
        return JSON.std.mapFrom(admin.validation().expect(200).body());
    }

    private static long number(Map<String, Object> m, String field) {
        return ((Number) m.get(field)).longValue();
    }
}
