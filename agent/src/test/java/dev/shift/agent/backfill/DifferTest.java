package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shift.agent.mapping.Mapping;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Embedded rows compare as a multiset: in the order read (the usual case), in another order, or differing. */
class DifferTest {
    private final Mapping mapping = Mapping.defaultMapping();
    private final Differ differ = new Differ(mapping);

    private static Map<String, Object> line(long product, int quantity, String price) {
        return Map.of("order_id", 7L, "product_id", product, "quantity", quantity, "price_at_time", new BigDecimal(price));
    }

    private static Row order(List<Map<String, Object>> lines) {
        Map<String, Object> v = new LinkedHashMap<>(Map.of("id", 7L, "user_id", 3L, "total_amount", new BigDecimal("10.50"),
                "status", "pending", "created_at", Timestamp.valueOf("2026-11-26 17:40:00.123"),
                "updated_at", Timestamp.valueOf("2026-11-26 17:40:00.123")));
        return new Row("orders", List.of(7L), v, Map.of("order_items", lines));
    }

    @Test
    void embeddedRowsAreEqualInTheirOrderOrAnotherAndDifferWhenOneDoes() {
        List<Map<String, Object>> lines = List.of(line(2, 1, "10.50"), line(5, 3, "1.00"), line(9, 2, "0.25"));
        Map<String, AttributeValue> item = new ItemBuilder(mapping).item(order(lines), 1);

        assertNull(differ.compare(order(lines), item), "in the order read");
        List<Map<String, Object>> reversed = new ArrayList<>(lines);
        java.util.Collections.reverse(reversed);
        assertNull(differ.compare(order(reversed), item), "in another order");
        assertNull(differ.compare(order(List.of(line(2, 1, "10.5"), line(5, 3, "1"), line(9, 2, "0.250"))), item),
                "DECIMALs by value");
        assertEquals(List.of("items"), differ.compare(order(List.of(line(2, 1, "10.50"), line(5, 4, "1.00"),
                line(9, 2, "0.25"))), item).attributes(), "one quantity differs");
        assertEquals(List.of("items"), differ.compare(order(List.of(line(9, 2, "0.25"), line(2, 1, "10.50"),
                line(5, 3, "1.00"), line(6, 1, "1.00"))), item).attributes(), "one line more");
    }
}
