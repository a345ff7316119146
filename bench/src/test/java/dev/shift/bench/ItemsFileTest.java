package dev.shift.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ItemsFileTest {

    @Test
    void itemsSurviveTheRoundTrip(@TempDir Path dir) throws Exception {
        Map<String, AttributeValue> order = Map.of(
                "PK", AttributeValue.fromS("USER#5"),
                "id", AttributeValue.fromN("42"),
                "total_amount", AttributeValue.fromN("12.5"),
                "flag", AttributeValue.fromBool(true),
                "gone", AttributeValue.fromNul(true),
                "tags", AttributeValue.fromSs(List.of("a", "b")),
                "items", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "product_id", AttributeValue.fromN("7"), "name", AttributeValue.fromS("Java"))))));
        Path file = dir.resolve("items.json");
        ItemsFile.write(file, Map.of("O42", order));
        assertEquals(Map.of("O42", order), ItemsFile.read(file));
    }
}
