package dev.shift.agent.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class MappingTest {

    static Mapping parse(String json) {
        return Mapping.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static final String MINIMAL_TABLE = "\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{b}\",\"columns\":{\"a\":\"number-long\",\"b\":\"string\"}}";

    @Test
    void defaultMappingDescribesTheShop() {
        Mapping m = Mapping.defaultMapping();
        assertEquals("Users", m.tableName());
        assertEquals("PK", m.partitionKeyAttribute());
        assertEquals("SK", m.sortKeyAttribute());
        assertEquals("entity", m.entityAttribute());
        assertEquals("shift_version", m.versionAttribute());
        assertEquals(Map.of("GSI1", "GSI1PK"), m.indexes());
        TableMapping carts = m.table("SHOPPING_CARTS");
        assertEquals("USER#{user_id}", carts.partitionKey().toString());
        assertEquals(List.of("product_id"), carts.sortKey().columns());
        assertEquals("CART#", carts.sortKey().constantPrefix());
        TableMapping orders = m.table("orders");
        assertEquals("id", orders.autoIncrement().orElseThrow());
        assertEquals(List.of("created_at", "id"), orders.sortKey().columns());
        assertEquals("ORDER#{id}", orders.indexes().get("GSI1").toString());
        assertEquals(2, orders.column("total_amount").scale());
        assertTrue(orders.isKeyColumn("created_at") && orders.isKeyColumn("id") && !orders.isKeyColumn("status"));
        TableMapping items = m.table("order_items");
        assertTrue(items.isEmbedded());
        assertEquals(new Embedding("orders", "items", Map.of("order_id", "id")), items.embedding().orElseThrow());
        assertNull(m.table("products"));
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.json");
        Files.writeString(f, "{\"dynamodb\":{\"table\":\"X\"},\"tables\":{" + MINIMAL_TABLE + "}}");
        Mapping m = Mapping.load(f);
        assertEquals("X", m.tableName());
        assertEquals("PK", m.partitionKeyAttribute(), "defaults");
        MappingException e = assertThrows(MappingException.class, () -> Mapping.load(dir.resolve("missing.json")));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
    }

    @Test
    void errorsNameTheBadField() {
        assertError("{\"dynamodb\":{},\"tables\":{}}", "tables: no migrated table");
        assertError("{\"tables\":{" + MINIMAL_TABLE + "}}", "dynamodb: required");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"scannable\":\"yes\",\"columns\":{\"a\":\"string\"}}}}",
                "tables.t.scannable: expected true or false");
        assertError("{\"database\":\"shop; drop\",\"dynamodb\":{},\"tables\":{" + MINIMAL_TABLE + "}}",
                "database: expected a MySQL database name");
        assertError("{\"dynamodb\":{\"tabel\":\"x\"},\"tables\":{" + MINIMAL_TABLE + "}}", "dynamodb.tabel: unknown field");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{c}\",\"columns\":{\"a\":\"number-long\"}}}}",
                "tables.t.sortKey: placeholder {c} is not a declared column");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"number-longg\"}}}}",
                "tables.t.columns.a.type: unknown type 'number-longg'");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"decimal\"}}}}",
                "tables.t.columns.a.scale: required for decimal");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"string\"}}}}",
                "tables.t.partitionKey: unclosed '{'");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"string\"}}}}",
                "tables.t.entity: required");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"indexes\":{\"G\":\"X#{a}\"},\"columns\":{\"a\":\"string\"}}}}",
                "tables.t.indexes.G: index is not declared in dynamodb.indexes");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"autoIncrement\":\"a\",\"columns\":{\"a\":\"string\"}}}}",
                "tables.t.autoIncrement: column 'a' must be number-long or number-int");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":{\"type\":\"string\",\"attribute\":\"PK\"}}}}}",
                "tables.t.columns.a.attribute: 'PK' is reserved");
        assertError("{\"dynamodb\":{},\"tables\":{" + MINIMAL_TABLE + ",\"c\":{\"embeddedIn\":{\"table\":\"nope\",\"attribute\":\"l\",\"parentColumns\":{\"x\":\"a\"}},\"columns\":{\"x\":\"string\"}}}}",
                "tables.c.embeddedIn.table: 'nope' is not a migrated top-level table");
        assertError("{\"dynamodb\":{},\"tables\":{" + MINIMAL_TABLE + ",\"c\":{\"embeddedIn\":{\"table\":\"t\",\"attribute\":\"l\",\"parentColumns\":{\"x\":\"zz\"}},\"columns\":{\"x\":\"string\"}}}}",
                "tables.c.embeddedIn.parentColumns.x: 'zz' is not a column of t");
        assertError("{\"dynamodb\":{},\"tables\":{" + MINIMAL_TABLE + ",\"c\":{\"entity\":\"C\",\"embeddedIn\":{\"table\":\"t\",\"attribute\":\"l\",\"parentColumns\":{\"x\":\"a\"}},\"columns\":{\"x\":\"string\"}}}}",
                "tables.c.entity: not allowed on an embedded table");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"string\",\"n\":{\"type\":\"number-int\",\"length\":4}}}}}",
                "tables.t.columns.n.length: only allowed for string");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"string\",\"s\":{\"type\":\"string\",\"length\":0}}}}}",
                "tables.t.columns.s.length: expected a positive integer");
        assertError("{\"dynamodb\":{},\"tables\":{\"t\":{\"entity\":\"T\",\"partitionKey\":\"A#{a}\",\"sortKey\":\"B#{a}\",\"columns\":{\"a\":\"string\",\"s\":{\"type\":\"string\",\"nullable\":\"no\"}}}}}",
                "tables.t.columns.s.nullable: expected true or false");
        assertError("{not json", "mapping is not valid JSON");
    }

    private static void assertError(String json, String expected) {
        MappingException e = assertThrows(MappingException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith(expected) || e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void typesConvertBothWaysExactly() {
        assertEquals(AttributeValue.fromN("12.50"), ColumnType.DECIMAL.toAttribute(ColumnType.DECIMAL.coerce("12.50")));
        assertEquals(new BigDecimal("12.50"), ColumnType.DECIMAL.fromAttribute(AttributeValue.fromN("12.5"), 2));
        assertEquals(new BigDecimal("0.10"), ColumnType.DECIMAL.fromAttribute(AttributeValue.fromN("0.1"), 2));
        assertEquals(42L, ColumnType.LONG.coerce(42));
        assertEquals(42L, ColumnType.LONG.coerce("42"));
        assertEquals(7, ColumnType.INT.coerce(new BigDecimal("7")));
        assertThrows(ArithmeticException.class, () -> ColumnType.LONG.coerce(new BigDecimal("7.5")));
        Timestamp t = Timestamp.valueOf(LocalDateTime.parse("2026-11-26T17:40:00.123456"));
        Object c = ColumnType.TIMESTAMP.coerce(t);
        assertEquals("2026-11-26T17:40:00.123", ColumnType.TIMESTAMP.render(c), "DATETIME(3): millis");
        assertEquals(AttributeValue.fromS("2026-11-26T17:40:00.000"), ColumnType.TIMESTAMP.toAttribute(ColumnType.TIMESTAMP.coerce(LocalDateTime.parse("2026-11-26T17:40"))));
        assertEquals(Timestamp.valueOf("2026-11-26 17:40:00.123"), ColumnType.TIMESTAMP.fromAttribute(AttributeValue.fromS("2026-11-26T17:40:00.123"), -1));
        assertEquals(Timestamp.valueOf("2026-11-26 17:40:00"), ColumnType.TIMESTAMP.coerce("2026-11-26 17:40:00"));
        assertNull(ColumnType.STRING.fromAttribute(null, -1));
        assertNull(ColumnType.STRING.fromAttribute(AttributeValue.fromNul(true), -1));
        assertNull(ColumnType.LONG.coerce(null));
        assertFalse(ColumnType.LONG.sortsAsText());
        assertTrue(ColumnType.TIMESTAMP.sortsAsText());
    }

    @Test
    void declaredLengthsAndNotNullRefuseWhatMysqlRefuses() throws Exception {
        ColumnMapping status = Mapping.defaultMapping().table("orders").column("status");
        assertEquals(16, status.length());
        assertFalse(status.nullable());
        assertEquals("shipped", status.checked("shipped"));
        assertEquals("x".repeat(16), status.checked("x".repeat(16)));
        assertEquals("x".repeat(16), status.checked("x".repeat(16) + "   "), "trailing spaces beyond the length are cut");
        java.sql.SQLException tooLong = assertThrows(java.sql.SQLException.class, () -> status.checked("x".repeat(17)));
        assertEquals("22001", tooLong.getSQLState());
        assertEquals(1406, tooLong.getErrorCode());
        assertEquals("😀".repeat(16), status.checked("😀".repeat(16)), "characters, not UTF-16 units");
        java.sql.SQLException nul = assertThrows(java.sql.SQLException.class, () -> status.checked(null));
        assertEquals("23000", nul.getSQLState());
        assertEquals(1048, nul.getErrorCode());
        assertNull(Mapping.defaultMapping().table("orders").column("created_at").checked(null), "nullable by default");
    }

    @Test
    void theTablesDdlDecidesLengthNotNullScaleAndCollationAndDifferencesAreNoted() {
        Mapping declared = Mapping.defaultMapping();
        Map<String, Map<String, ColumnDefinition>> ddl = new java.util.HashMap<>();
        Map<String, ColumnDefinition> orders = new java.util.HashMap<>();
        orders.put("id", new ColumnDefinition("BIGINT", -1, false, 0, null));
        orders.put("status", new ColumnDefinition("varchar", 32, false, -1, "utf8mb4_general_ci"));
        orders.put("total_amount", new ColumnDefinition("decimal", -1, false, 3, null));
        orders.put("user_id", new ColumnDefinition("varchar", 20, true, -1, "utf8mb4_bin"));
        ddl.put("orders", orders);
        Mapping.Defined defined = declared.definedBy(ddl);

        TableMapping t = defined.mapping().table("orders");
        assertEquals(32, t.column("status").length());
        assertFalse(t.column("status").nullable());
        assertEquals("utf8mb4_general_ci", t.column("status").collation().name());
        assertEquals(3, t.column("total_amount").scale());
        assertTrue(t.column("id").nullable(), "the AUTO_INCREMENT column takes NULL for 'generate'");
        assertEquals(declared.table("orders").column("user_id"), t.column("user_id"), "a type the DDL contradicts stays as mapped");
        assertEquals(declared.table("orders").column("created_at"), t.column("created_at"), "a column the DDL lacks stays");
        assertEquals(declared.table("shopping_carts").columns(), defined.mapping().table("shopping_carts").columns());
        String notes = String.join("\n", defined.notes());
        for (String expected : List.of("orders.status: the mapping declares length 16, the table VARCHAR(32)",
                "orders.total_amount: the mapping declares scale 2, the table 3",
                "orders.user_id: mapped as number-long but the table has varchar; left as mapped",
                "orders.created_at: not a column of the table", "shopping_carts: not found in MySQL's information_schema")) {
            assertTrue(notes.contains(expected), expected + " in\n" + notes);
        }
        assertEquals(declared.tables().keySet(), defined.mapping().tables().keySet());
    }

    /**
     * A key column MySQL compares case-insensitively either renders its collation's key text into item keys (every
     * spelling MySQL calls equal names one item) or is named as a risk once its collation is read.
     */
    @Test
    void aNormalisedKeyColumnNamesOneItemForEverySpellingTheCollationCallsEqual() {
        String table = "\"tables\":{\"m\":{\"entity\":\"M\",\"partitionKey\":\"M#{code}\",\"sortKey\":\"N#{code}\",\"columns\":"
                + "{\"code\":%s,\"name\":\"string\"}}}}";
        Mapping normalised = parse("{\"dynamodb\":{\"table\":\"T\"}," + String.format(table,
                "{\"type\":\"string\",\"collation\":\"utf8mb4_general_ci\",\"normalise\":true}"));
        TableMapping m = normalised.table("m");
        assertEquals("M#ABC", RowItems.render(m, m.partitionKey(), Map.of("code", "abc  ")::get));
        assertEquals("M#ABC", RowItems.render(m, m.partitionKey(), Map.of("code", "ABC")::get));
        assertEquals(Map.of("code", "ABC"), m.keyValues("M#ABC", "N#ABC").orElseThrow());
        Map<String, Map<String, ColumnDefinition>> ddl = Map.of("m", Map.of(
                "code", new ColumnDefinition("varchar", 8, false, -1, "utf8mb4_unicode_ci"),
                "name", new ColumnDefinition("varchar", 8, false, -1, "utf8mb4_unicode_ci")));
        Mapping.Defined defined = normalised.definedBy(ddl);
        assertEquals("utf8mb4_general_ci", defined.mapping().table("m").column("code").collation().name(),
                "a normalised key keeps the collation its keys were rendered with");
        assertEquals(List.of("m.code: keys stay normalised by the mapping's collation utf8mb4_general_ci, the table has "
                + "utf8mb4_unicode_ci"), defined.notes());

        Mapping exact = parse("{\"dynamodb\":{\"table\":\"T\"}," + String.format(table, "\"string\""));
        List<String> notes = exact.definedBy(ddl).notes();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("m.code: a key column MySQL compares under utf8mb4_unicode_ci"), notes.get(0));
        assertEquals("M#abc  ", RowItems.render(exact.table("m"), exact.table("m").partitionKey(), Map.of("code", "abc  ")::get));

        assertError("{\"dynamodb\":{\"table\":\"T\"}," + String.format(table, "{\"type\":\"string\",\"normalise\":true}"),
                "tables.m.columns.code.normalise: needs the column's \"collation\"");
        assertError("{\"dynamodb\":{\"table\":\"T\"}," + String.format(table.replace("\"name\":\"string\"",
                "\"name\":{\"type\":\"string\",\"collation\":\"utf8mb4_general_ci\",\"normalise\":true}"), "\"string\""),
                "tables.m.columns.name.normalise: only a column of a key or index template is normalised");
    }

    @Test
    void keyTemplatesRenderAndExposeTheirPrefix() {
        KeyTemplate t = KeyTemplate.parse("ORDER#{created_at}#{id}", "f");
        assertEquals(List.of("created_at", "id"), t.columns());
        assertEquals("ORDER#", t.constantPrefix());
        assertEquals("ORDER#X#7", t.render(c -> c.equals("id") ? "7" : "X"));
        assertThrows(IllegalArgumentException.class, () -> t.render(c -> null));
        assertThrows(MappingException.class, () -> KeyTemplate.parse("NOPLACEHOLDER", "f"));
    }

    @Test
    void anItemKeyNamesItsRowsKeyValuesBackAndNothingElse() {
        Mapping m = Mapping.defaultMapping();
        TableMapping orders = m.table("orders");
        assertEquals(Map.of("user_id", 3L, "created_at", Timestamp.valueOf("2026-12-01 10:00:00.123"), "id", 17L),
                orders.keyValues("USER#3", "ORDER#2026-12-01T10:00:00.123#17").orElseThrow());
        assertEquals(Map.of("user_id", 3L, "product_id", 9L),
                m.table("shopping_carts").keyValues("USER#3", "CART#9").orElseThrow());
        assertTrue(orders.keyValues("USER#3", "CART#9").isEmpty(), "a cart's key is not an order's");
        assertTrue(orders.keyValues("USER#x", "ORDER#2026-12-01T10:00:00.123#17").isEmpty(), "not a number");
        assertTrue(orders.keyValues("USER#3", "ORDER#2026-12-01T10:00:00.123#017").isEmpty(),
                "017 renders as 17: not a key Shift would have written");
        assertTrue(m.table("shopping_carts").keyValues("SHIFT#TO-MYSQL#1", "00000000000000000001#0a").isEmpty());

        KeyTemplate t = KeyTemplate.parse("A#{x}#{y}", "f");
        assertEquals(2, t.match("A#p#q#r", 5).size(), "a separator inside a value: both splits are candidates");
        assertEquals(List.of(Map.of("x", "p", "y", "q")), t.match("A#p#q", 5));
        assertEquals(List.of(), t.match("B#p#q", 5));
    }
}
