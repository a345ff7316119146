package dev.shift.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.sql.RowScope;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxCodecTest {

    @Test
    void scopesSurviveTheTableExactly() throws Exception {
        List<RowScope> scopes = List.of(
                new RowScope("orders", Map.of("id", 42L)),
                new RowScope("shopping_carts", Map.of("user_id", 3L, "product_id", 5L)),
                new RowScope("orders", Map.of("user_id", 3L, "created_at", Timestamp.valueOf("2026-11-26 10:00:00.123"),
                        "total_amount", new BigDecimal("9.90"))));
        List<RowScope> back = Outbox.decode(Outbox.encode(scopes));
        assertEquals(scopes, back);
        assertEquals(new BigDecimal("9.90"), back.get(2).columns().get("total_amount"), "DECIMAL scale kept");
    }

    @Test
    void anUnreadableEntrySaysWhatItHolds() {
        SQLException e = assertThrows(SQLException.class, () -> Outbox.decode("{not json"));
        assertTrue(e.getMessage().contains("{not json"), e.getMessage());
    }

    @Test
    void refusesATableNameThatIsNotPlain() {
        assertThrows(IllegalArgumentException.class,
                () -> new Outbox(() -> null, "shift_outbox; DROP TABLE orders", 1, java.time.Duration.ZERO));
    }
}
