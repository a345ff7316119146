package dev.shift.agent.validation;

import dev.shift.agent.merge.RowSet;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison of MySQL's and DynamoDB's answers, on plain RowSets. */
class RowComparerTest {

    private static final RowSet.Column ID = new RowSet.Column("id", "id", "orders", Types.BIGINT, "BIGINT", 0);
    private static final RowSet.Column TOTAL = new RowSet.Column("total_amount", "total_amount", "orders", Types.DECIMAL, "DECIMAL", 2);
    private static final RowSet.Column CREATED = new RowSet.Column("created_at", "created_at", "orders", Types.TIMESTAMP, "DATETIME", 0);
    private static final RowSet.Column STATUS = new RowSet.Column("status", "status", "orders", Types.VARCHAR, "VARCHAR", 0);
    private static final RowSet.Column EMAIL = new RowSet.Column("email", "email", "users", Types.VARCHAR, "VARCHAR", 0);

    private static final OrderBy NONE = OrderBy.NONE;

    private final RowComparer plain = new RowComparer(new Masking(ValidationSettings.defaults()));

    @Test
    void decimalScaleDoesNotMatter() {
        assertNull(plain.compare(rows(List.of(TOTAL), row(new BigDecimal("12.50"))), rows(List.of(TOTAL), row(new BigDecimal("12.5"))), NONE));
        assertNull(plain.compare(rows(List.of(TOTAL), row(new BigDecimal("0.00"))), rows(List.of(TOTAL), row(BigDecimal.ZERO)), NONE));
        assertEquals("column total_amount: MySQL 12.50, DynamoDB 12.51",
                plain.compare(rows(List.of(TOTAL), row(new BigDecimal("12.50"))), rows(List.of(TOTAL), row(new BigDecimal("12.51"))), NONE));
    }

    @Test
    void integerTypesCompareByValue() {
        assertNull(plain.compare(rows(List.of(ID), row(7L)), rows(List.of(ID), row(7)), NONE));
        assertNull(plain.compare(rows(List.of(ID), row(BigInteger.valueOf(7))), rows(List.of(ID), row(new BigDecimal("7.0"))), NONE));
        assertTrue(plain.compare(rows(List.of(ID), row(7L)), rows(List.of(ID), row(8)), NONE).contains("MySQL 7, DynamoDB 8"));
        assertFalse(Values.equal(7L, "7"), "a number is not a string");
    }

    @Test
    void timestampsCompareToTheMillisecond() {
        Timestamp mysql = Timestamp.valueOf("2026-11-26 10:15:30.123");
        Timestamp finer = Timestamp.valueOf("2026-11-26 10:15:30.123456");
        assertNull(plain.compare(rows(List.of(CREATED), row(mysql)), rows(List.of(CREATED), row(finer)), NONE));
        assertNull(plain.compare(rows(List.of(CREATED), row(mysql)),
                rows(List.of(CREATED), row(LocalDateTime.parse("2026-11-26T10:15:30.123"))), NONE));
        assertEquals("column created_at: MySQL 2026-11-26 10:15:30.123, DynamoDB 2026-11-26 10:15:30.124",
                plain.compare(rows(List.of(CREATED), row(mysql)),
                        rows(List.of(CREATED), row(Timestamp.valueOf("2026-11-26 10:15:30.124"))), NONE));
    }

    @Test
    void nullAndAbsentAreTheSame() {
        RowSet mysql = rows(List.of(ID, STATUS), row(1L, null));
        assertNull(plain.compare(mysql, rows(List.of(ID, STATUS), row(1L, null)), NONE));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(1L)), NONE), "a column DynamoDB lacks reads as NULL");
        assertEquals("column status: MySQL NULL, DynamoDB pending",
                plain.compare(mysql, rows(List.of(ID, STATUS), row(1L, "pending")), NONE));
    }

    @Test
    void columnsMatchByLabelNotPosition() {
        assertNull(plain.compare(rows(List.of(ID, STATUS), row(1L, "paid")), rows(List.of(STATUS, ID), row("paid", 1L)), NONE));
    }

    @Test
    void withoutOrderByRowsAreAMultiset() {
        RowSet mysql = rows(List.of(ID), row(1L), row(2L), row(2L));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(2L), row(1L), row(2L)), NONE));
        String d = plain.compare(mysql, rows(List.of(ID), row(2L), row(1L), row(1L)), NONE);
        assertEquals("column id: MySQL 2, DynamoDB 1", d, "one row each side differs: the columns are named");
        d = plain.compare(mysql, rows(List.of(ID), row(1L), row(2L)), NONE);
        assertEquals("MySQL returned 3 row(s), DynamoDB 2; 1 only in MySQL, e.g. {id=2}", d);
        d = plain.compare(rows(List.of(ID)), rows(List.of(ID), row(5L)), NONE);
        assertEquals("MySQL returned 0 row(s), DynamoDB 1; 1 only in DynamoDB, e.g. {id=5}", d);
    }

    @Test
    void withOrderByTheOrderCounts() {
        assertTrue(OrderBy.of("SELECT id FROM orders WHERE user_id = ? order  by created_at DESC").ordered());
        assertFalse(OrderBy.of("SELECT id FROM orders WHERE user_id = ?").ordered());
        assertFalse(OrderBy.of("SELECT id FROM orders WHERE note = 'order by x'").ordered(), "only the statement's own ORDER BY");
        OrderBy byId = OrderBy.of("SELECT id FROM orders ORDER BY id");
        RowSet mysql = rows(List.of(ID), row(1L), row(2L));
        assertNull(plain.compare(mysql, rows(List.of(ID), row(1L), row(2L)), byId));
        assertEquals("row 1: column id: MySQL 1, DynamoDB 2", plain.compare(mysql, rows(List.of(ID), row(2L), row(1L)), byId));
        assertEquals("MySQL returned 2 row(s), DynamoDB 1; first extra row in MySQL: {id=2}",
                plain.compare(mysql, rows(List.of(ID), row(1L)), byId));
    }

    // ---- ORDER BY that is no total order: rows with equal sort keys (a tie group) may come in any order

    private static final Timestamp T1 = Timestamp.valueOf("2026-11-26 10:00:00");
    private static final Timestamp T2 = Timestamp.valueOf("2026-11-26 11:00:00");
    private static final Timestamp T3 = Timestamp.valueOf("2026-11-26 12:00:00");
    private static final List<RowSet.Column> ORDER = List.of(ID, CREATED, STATUS);
    private static final String BY_CREATED = "SELECT id, created_at, status FROM orders WHERE user_id = ? ORDER BY o.`created_at` DESC";

    /** MySQL's answer: one row at T3, three tied at T2, one at T1. */
    private static RowSet mysqlTies() {
        return rows(ORDER, row(5L, T3, "paid"), row(2L, T2, "paid"), row(3L, T2, "new"), row(4L, T2, "paid"), row(1L, T1, "new"));
    }

    @Test
    void tiedRowsInAnotherOrderAgree() {
        RowSet dynamo = rows(ORDER, row(5L, T3, "paid"), row(4L, T2, "paid"), row(2L, T2, "paid"), row(3L, T2, "new"), row(1L, T1, "new"));
        assertNull(plain.compare(mysqlTies(), dynamo, OrderBy.of(BY_CREATED)));
        assertEquals("row 2: column id: MySQL 2, DynamoDB 4", plain.compare(mysqlTies(), dynamo, OrderBy.of(BY_CREATED + ", id")),
                "a total order (created_at, id) leaves no ties");
        RowSet dynamoAliased = rows(List.of(ID, new RowSet.Column("made", "created_at", "orders", Types.TIMESTAMP, "DATETIME", 0), STATUS),
                row(5L, T3, "paid"), row(4L, T2, "paid"), row(2L, T2, "paid"), row(3L, T2, "new"), row(1L, T1, "new"));
        RowSet mysqlAliased = rows(dynamoAliased.columns(), mysqlTies().rows().toArray(new Object[0][]));
        assertNull(plain.compare(mysqlAliased, dynamoAliased, OrderBy.of("SELECT id, created_at AS made, status FROM orders ORDER BY made")));
        assertNull(plain.compare(mysqlAliased, dynamoAliased, OrderBy.of("SELECT id, created_at AS made, status FROM orders ORDER BY CREATED_AT")),
                "the column under its alias");
        assertNull(plain.compare(mysqlTies(), dynamo, OrderBy.of("SELECT id, created_at, status FROM orders ORDER BY 2 DESC")), "a position");
    }

    @Test
    void aValueDifferenceInsideATieGroupIsAMismatch() {
        RowSet dynamo = rows(ORDER, row(5L, T3, "paid"), row(4L, T2, "paid"), row(2L, T2, "paid"), row(3L, T2, "paid"), row(1L, T1, "new"));
        assertEquals("rows 2-4 (tied on created_at): column status: MySQL new, DynamoDB paid",
                plain.compare(mysqlTies(), dynamo, OrderBy.of(BY_CREATED)));
        RowSet missing = rows(ORDER, row(5L, T3, "paid"), row(4L, T2, "paid"), row(2L, T2, "paid"), row(1L, T1, "new"));
        assertEquals("rows 2-4 (tied on created_at): MySQL 3 row(s), DynamoDB 2; 1 only in MySQL, e.g. {id=3, created_at=2026-11-26 11:00:00.000, status=new}",
                plain.compare(mysqlTies(), missing, OrderBy.of(BY_CREATED)));
        RowSet single = rows(ORDER, row(5L, T3, "new"), row(4L, T2, "paid"), row(2L, T2, "paid"), row(3L, T2, "new"), row(1L, T1, "new"));
        assertEquals("row 1: column status: MySQL paid, DynamoDB new", plain.compare(mysqlTies(), single, OrderBy.of(BY_CREATED)));
    }

    @Test
    void wrongOrderAcrossSortKeysIsAMismatch() {
        RowSet dynamo = rows(ORDER, row(2L, T2, "paid"), row(3L, T2, "new"), row(4L, T2, "paid"), row(5L, T3, "paid"), row(1L, T1, "new"));
        assertEquals("row 1: column id: MySQL 5, DynamoDB 2; column created_at: MySQL 2026-11-26 12:00:00.000, DynamoDB 2026-11-26 11:00:00.000",
                plain.compare(mysqlTies(), dynamo, OrderBy.of(BY_CREATED)));
        assertNull(plain.compare(mysqlTies(), dynamo, OrderBy.NONE), "the same rows");
        assertTrue(plain.compare(mysqlTies(), dynamo, OrderBy.of(BY_CREATED + " LIMIT 5")).startsWith("row 1: "),
                "LIMIT relaxes only the last tie group");
    }

    @Test
    void limitMayCutATieGroupDifferently() {
        // LIMIT 3: MySQL kept ids 2 and 3 of the three rows tied at T2, DynamoDB 4 and 2
        RowSet mysql = rows(ORDER, row(5L, T3, "paid"), row(2L, T2, "paid"), row(3L, T2, "new"));
        RowSet dynamo = rows(ORDER, row(5L, T3, "paid"), row(4L, T2, "paid"), row(2L, T2, "paid"));
        OrderBy limit = OrderBy.of(BY_CREATED + " LIMIT ?");
        assertTrue(limit.limited() && !limit.offset());
        assertNull(plain.compare(mysql, dynamo, limit));
        assertEquals("rows 2-3 (tied on created_at): column id: MySQL 3, DynamoDB 4; column status: MySQL new, DynamoDB paid",
                plain.compare(mysql, dynamo, OrderBy.of(BY_CREATED)), "without LIMIT the group is whole");
        RowSet otherKey = rows(ORDER, row(5L, T3, "paid"), row(2L, T2, "paid"), row(1L, T1, "new"));
        assertEquals("row 3: column id: MySQL 3, DynamoDB 1; column created_at: MySQL 2026-11-26 11:00:00.000, "
                + "DynamoDB 2026-11-26 10:00:00.000", plain.compare(mysql, otherKey, limit), "the cut group's key must agree");
        RowSet shorter = rows(ORDER, row(5L, T3, "paid"), row(4L, T2, "paid"));
        assertEquals("MySQL returned 3 row(s), DynamoDB 2; first extra row in MySQL: {id=3, created_at=2026-11-26 11:00:00.000, status=new}",
                plain.compare(mysql, shorter, limit), "and so must the row count");
        assertNotNull(plain.compare(rows(ORDER, row(9L, T3, "paid"), row(2L, T2, "paid"), row(3L, T2, "new")), dynamo, limit),
                "only the last group may differ");

        // LIMIT 2 OFFSET 2 (and MySQL's LIMIT 2, 2): the first group is cut by the OFFSET
        RowSet mysqlPage = rows(ORDER, row(3L, T2, "new"), row(1L, T1, "new"));
        RowSet dynamoPage = rows(ORDER, row(2L, T2, "paid"), row(1L, T1, "new"));
        assertNull(plain.compare(mysqlPage, dynamoPage, OrderBy.of(BY_CREATED + " LIMIT 2 OFFSET 2")));
        assertNull(plain.compare(mysqlPage, dynamoPage, OrderBy.of(BY_CREATED + " LIMIT ?, ?")));
        assertEquals("row 1: column id: MySQL 3, DynamoDB 2; column status: MySQL new, DynamoDB paid",
                plain.compare(mysqlPage, dynamoPage, OrderBy.of(BY_CREATED + " LIMIT 2")), "without OFFSET the first group is whole");
    }

    @Test
    void anOrderByItemThatIsNoResultColumnFallsBackToAMultiset() {
        RowSet mysql = rows(List.of(ID, STATUS), row(1L, "paid"), row(2L, "new"));
        RowSet swapped = rows(List.of(ID, STATUS), row(2L, "new"), row(1L, "paid"));
        for (String sql : List.of("SELECT id, status FROM orders ORDER BY LOWER(status)",
                "SELECT id, status FROM orders ORDER BY total_amount * 2, id",
                "SELECT id, status FROM orders ORDER BY created_at",
                "SELECT id, status FROM orders ORDER BY 3",
                "SELECT id, status FROM orders ORDER BY id +")) {   // unparseable
            assertNull(plain.compare(mysql, swapped, OrderBy.of(sql)), sql);
            assertEquals("column status: MySQL paid, DynamoDB pending",
                    plain.compare(mysql, rows(List.of(ID, STATUS), row(2L, "new"), row(1L, "pending")), OrderBy.of(sql)), sql);
        }
        assertEquals("row 1: column id: MySQL 1, DynamoDB 2; column status: MySQL paid, DynamoDB new",
                plain.compare(mysql, swapped, OrderBy.of("SELECT id, status FROM orders ORDER BY status DESC, LOWER(status)")),
                "the items before the first unmatched one still order");
    }

    @Test
    void maskedColumnsNeverShowTheirValues() {
        Masking masking = new Masking(new ValidationSettings(100, 1, 1, 5, Set.of("EMAIL")));
        RowComparer masked = new RowComparer(masking);
        RowSet mysql = rows(List.of(ID, EMAIL), row(1L, "ann@example.com"));
        RowSet dynamo = rows(List.of(ID, EMAIL), row(1L, "bob@example.com"));
        String d = masked.compare(mysql, dynamo, NONE);
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
