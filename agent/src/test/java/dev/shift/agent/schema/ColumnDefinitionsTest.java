package dev.shift.agent.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.ColumnDefault;
import dev.shift.agent.mapping.ColumnDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnDefinitionsTest {

    @Test
    void mariaDbsColumnDefaultIsSqlText() {
        assertEquals(ColumnDefault.NONE, ColumnDefinitions.mariaDbDefault(null, false));
        assertEquals(ColumnDefault.NULL, ColumnDefinitions.mariaDbDefault(null, true));
        assertEquals(ColumnDefault.NULL, ColumnDefinitions.mariaDbDefault("NULL", true));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.LITERAL, "it's"), ColumnDefinitions.mariaDbDefault("'it''s'", false));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.LITERAL, "NULL"), ColumnDefinitions.mariaDbDefault("'NULL'", false));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.LITERAL, "-2.50"), ColumnDefinitions.mariaDbDefault("-2.50", false));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.COMPUTED, "current_timestamp(3)"),
                ColumnDefinitions.mariaDbDefault("current_timestamp(3)", false));
    }

    @Test
    void mysqlsColumnDefaultIsTheValueAndExtraMarksExpressions() {
        assertEquals(ColumnDefault.NONE, ColumnDefinitions.mysqlDefault(null, false, ""));
        assertEquals(ColumnDefault.NULL, ColumnDefinitions.mysqlDefault(null, true, ""));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.LITERAL, "NULL"), ColumnDefinitions.mysqlDefault("NULL", true, ""));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.LITERAL, "triage"), ColumnDefinitions.mysqlDefault("triage", false, ""));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.COMPUTED, "CURRENT_TIMESTAMP(3)"),
                ColumnDefinitions.mysqlDefault("CURRENT_TIMESTAMP(3)", false, "default_generated"));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.COMPUTED, "CURRENT_TIMESTAMP"),
                ColumnDefinitions.mysqlDefault("CURRENT_TIMESTAMP", true, "on update current_timestamp"));
        assertEquals(new ColumnDefault(ColumnDefault.Kind.COMPUTED, "uuid()"),
                ColumnDefinitions.mysqlDefault("uuid()", false, "default_generated"));
    }

    @Test
    void whatIsKeptReadsBackTheSame(@TempDir Path dir) throws IOException {
        Map<String, Map<String, ColumnDefinition>> ddl = Map.of("tickets", Map.of(
                "queue", new ColumnDefinition("varchar", 16, false, -1, -1, "utf8mb4_general_ci",
                        new ColumnDefault(ColumnDefault.Kind.LITERAL, "triage"), false, true),
                "touched_at", new ColumnDefinition("datetime", -1, true, -1, -1, null, ColumnDefault.NULL, true, false),
                "total", new ColumnDefinition("decimal", -1, true, 12, 2, null, ColumnDefault.NULL, false, false),
                "price", new ColumnDefinition("decimal", -1, false, 2, null)));
        Path file = dir.resolve(ColumnDefinitions.FILE);
        ColumnDefinitions.save(file, ddl, "test");
        assertEquals(ddl, ColumnDefinitions.load(file).orElseThrow());
        assertTrue(ColumnDefinitions.load(dir.resolve("absent.json")).isEmpty());

        Files.writeString(file, "{\"tables\": {\"t\": {\"c\": {\"dataType\": 3}}}}");
        IOException bad = assertThrows(IOException.class, () -> ColumnDefinitions.load(file));
        assertTrue(bad.getMessage().contains("is not a column-definitions file Shift wrote"), bad.getMessage());
    }
}
