package dev.shift.agent.validation;

import dev.shift.agent.dynamo.RowSet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison of MySQL's and DynamoDB's answers, on plain RowSets. */
class RowComparerTest {

    private static final RowSet.Column ID = new RowSet.Column("id", "id", "orders", Types.BIGINT, "BIGINT", 0);
    private static final RowSet.Column TOTAL = new RowSet.Column("total_amount", "total_amount", "orders", Types.DECIMAL, "DECIMAL", 2);
    private static final RowSet.Column CREATED = new RowSet.Column("created_at", "created_at", "orders", Types.TIMESTAMP, "DATETIME", 0);
    private static final RowSet.Column STATUS = new RowSet.Column("status", "status", "orders", Types.VARCHAR, "VARCHAR", 0);
    private static final RowSet.Column EMAIL = new RowSet.Column("email", "email", "users", Types.VARCHAR, "VARCHAR", 0);

    private final RowComparer plain = new RowComparer(new Masking(ValidationSettings.defaults()));

    @Test
    void decimalScaleDoesNotMatter() {
        assertNull(plain.compare(rows(List.of(TOTAL), row(new BigDecimal("12.50"))), rows(List.of(TOTAL), row(new BigDecimal("12.5"))), false));
        assertNull(plain.compare(rows(List.of(TOTAL), row(new BigDecimal("0.00"))), rows(List.of(TOTAL), row(BigDecimal.ZERO)), false));
        assertEquals("column total_amount: MySQL 12.50, DynamoDB 12.51",
                plain.compare(rows(List.of(TOTAL), row(new BigDecimal("12.50"))), rows(List.of(TOTAL), row(new BigDecimal("12.51"))), false));
    }

    @Test
    void integerTypesCompareByValue() {
        assertNull(plain.compare(rows(List.of(ID), row(7L)), rows(List.of(ID), row(7)), false));
        assertNull(plain.compare(rows(List.of(ID), row(BigInteger.valueOf(7))), rows(List.of(ID), row(new BigDecimal("7.0"))), false));
        assertTrue(plain.compare(rows(List.of(ID), row(7L)), rows(List.of(ID), row(8)), false).contains("MySQL 7, DynamoDB 8"));
        assertFalse(Values.equal(7L, "7"), "a number is not a string");
    }

    @Test
    void timestampsCompareToTheMillisecond() {
        Timestamp mysql = Timestamp.valueOf("2026-11-26 10:15:30.123");
        Timestamp finer = Timestamp.valueOf("2026-11-26 10:15:30.123456");
        assertNull(plain.compare(rows(List.of(CREATED), row(mysql)), rows(List.of(CREATED), row(finer)), false));
        assertNull(plain.compare(rows(List.of(CREATED), row(mysql)),
                rows(List.of(CREATED), row(LocalDateTime.parse("2026-11-26T10:15:30.123"))), false));
        assertEquals("column created_at: MySQL 2026-11-26 10:15:30.123, DynamoDB 2026-11-26 10:15:30.124",
                plain.compare(rows(List.of(CREATED), row(mysql)),
                        rows(List.of(CREATED), row(Timestamp.valueOf("2026-11-26 10:15:30.124"))), false));
    }

    @Test
    void nullAndAbsentAreTheSame() {
        RowSet mysql = rows(List.of(ID, STATUS), row(1L, null));
        assertNull(plain.compare(mysql, rows(List.of(ID, STATUS), row(1L, null)), false));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(1L)), false), "a column DynamoDB lacks reads as NULL");
        assertEquals("column status: MySQL NULL, DynamoDB pending",
                plain.compare(mysql, rows(List.of(ID, STATUS), row(1L, "pending")), false));
    }

    @Test
    void columnsMatchByLabelNotPosition() {
        assertNull(plain.compare(rows(List.of(ID, STATUS), row(1L, "paid")), rows(List.of(STATUS, ID), row("paid", 1L)), false));
    }

    @Test
    void withoutOrderByRowsAreAMultiset() {
        RowSet mysql = rows(List.of(ID), row(1L), row(2L), row(2L));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(2L), row(1L), row(2L)), false));
        String d = plain.compare(mysql, rows(List.of(ID), row(2L), row(1L), row(1L)), false);
        assertEquals("column id: MySQL 2, DynamoDB 1", d, "one row each side differs: the columns are named");
        d = plain.compare(mysql, rows(List.of(ID), row(1L), row(2L)), false);
        assertEquals("MySQL returned 3 row(s), DynamoDB 2; 1 only in MySQL, e.g. {id=2}", d);
        d = plain.compare(rows(List.of(ID)), rows(List.of(ID), row(5L)), false);
        assertEquals("MySQL returned 0 row(s), DynamoDB 1; 1 only in DynamoDB, e.g. {id=5}", d);
    }

    @Test
    void withOrderByTheOrderCounts() {
        assertTrue(RowComparer.ordered("SELECT id FROM orders WHERE user_id = ? order  by created_at DESC"));
        assertFalse(RowComparer.ordered("SELECT id FROM orders WHERE user_id = ?"));
        RowSet mysql = rows(List.of(ID), row(1L), row(2L));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(1L), row(2L)), true));
        assertEquals("row 1: column id: MySQL 1, DynamoDB 2", plain.compare(mysql, rows(List.of(ID), row(2L), row(1L)), true));
        assertEquals("MySQL returned 2 row(s), DynamoDB 1; first extra row in MySQL: {id=2}",
                plain.compare(mysql, rows(List.of(ID), row(1L)), true));
    }

    @Test
    void maskedColumnsNeverShowTheirValues() {
        Masking masking = new Masking(new ValidationSettings(100, 1, 1, 5, Set.of("EMAIL")));
        RowComparer masked = new RowComparer(masking);
        RowSet mysql = rows(List.of(ID, EMAIL), row(1L, "ann@example.com"));
        RowSet dynamo = rows(List.of(ID, EMAIL), row(1L, "bob@example.com"));
        String d = masked.compare(mysql, dynamo, false);
        assertEquals("column email differs (masked)", d);
        assertEquals(List.of(List.of("1", "***")), masking.render(mysql, 10).rows());
        assertEquals(List.of("id", "email"), masking.render(mysql, 10).columns());

        String sql = "SELECT id FROM users u WHERE u.`email` = ? AND id IN (?, ?) AND note LIKE ? LIMIT ?";
        List<Object> params = new ArrayList<>(List.of("ann@example.com", 1L, 2L, "x%", 10));
        assertEquals(List.of("***", "1", "2", "x%", "10"), masking.parameters(sql, params));
        Masking ids = new Masking(new ValidationSettings(100, 1, 1, 5, Set.of("id")));
        assertEquals(List.of("ann@example.com", "***", "***", "x%", "10"), ids.parameters(sql, params));
        assertEquals(List.of("v"), ids.parameters("SELECT x FROM t WHERE a = '?' AND b = ?", List.of("v")),
                "a ? inside a literal is no placeholder");
        assertEquals(List.of("***"), ids.parameters("SELECT x FROM t WHERE a = '?' AND id = ?", List.of(3L)));
    }

    @Test
    void settingsAreValidated() {
        List<String> problems = new ArrayList<>();
        ValidationSettings s = ValidationSettings.from(Map.of("validation.sample", "12.5", "validation.threads", "3",
                "validation.mask", "email:card_number"), problems);
        assertEquals(List.of(), problems);
        assertEquals(12.5, s.samplePercent());
        assertEquals(3, s.threads());
        assertTrue(s.masks("Card_Number"));
        ValidationSettings.from(Map.of("validation.sample", "150", "validation.threads", "0", "validation.mask", "a b"), problems);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("validation.sample=150 is not valid"), problems.get(0));
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static RowSet rows(List<RowSet.Column> columns, Object[]... rows) {
        return new RowSet(columns, new ArrayList<>(List.of(rows)));
    }
}
