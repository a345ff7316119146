package dev.shift.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DynamoDB items as a JSON file in DynamoDB's own wire shape ({"S": …}, {"N": …}, {"L": […]}, …), to hand to a child JVM. */
final class ItemsFile {

    private ItemsFile() {
    }

    static void write(Path file, Map<String, Map<String, AttributeValue>> items) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        items.forEach((k, item) -> out.put(k, encodeItem(item)));
        Files.writeString(file, JSON.std.asString(out));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, AttributeValue>> read(Path file) throws IOException {
        Map<String, Object> in = JSON.std.mapFrom(Files.readString(file));
        Map<String, Map<String, AttributeValue>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, decodeItem((Map<String, Object>) v)));
        return out;
    }

    private static Map<String, Object> encodeItem(Map<String, AttributeValue> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        item.forEach((k, v) -> m.put(k, encode(v)));
        return m;
    }

    static Map<String, Object> encode(AttributeValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v.s() != null) {
            m.put("S", v.s());
        } else if (v.n() != null) {
            m.put("N", v.n());
        } else if (v.bool() != null) {
            m.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            m.put("NULL", true);
        } else if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(e -> l.add(encode(e)));
            m.put("L", l);
        } else if (v.hasM()) {
            m.put("M", encodeItem(v.m()));
        } else if (v.hasSs()) {
            m.put("SS", v.ss());
        } else if (v.hasNs()) {
            m.put("NS", v.ns());
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + v);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue> decodeItem(Map<String, Object> m) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        m.forEach((k, v) -> item.put(k, decode((Map<String, Object>) v)));
        return item;
    }

    @SuppressWarnings("unchecked")
    static AttributeValue decode(Map<String, Object> m) {
        Map.Entry<String, Object> e = m.entrySet().iterator().next();
        return switch (e.getKey()) {
            case "S" -> AttributeValue.fromS((String) e.getValue());
            case "N" -> AttributeValue.fromN((String) e.getValue());
            case "BOOL" -> AttributeValue.fromBool((Boolean) e.getValue());
            case "NULL" -> AttributeValue.fromNul(true);
            case "L" -> AttributeValue.fromL(((List<Object>) e.getValue()).stream()
                    .map(x -> decode((Map<String, Object>) x)).toList());
            case "M" -> AttributeValue.fromM(decodeItem((Map<String, Object>) e.getValue()));
            case "SS" -> AttributeValue.fromSs((List<String>) e.getValue());
            case "NS" -> AttributeValue.fromNs((List<String>) e.getValue());
            default -> throw new IllegalArgumentException("unsupported attribute value " + m);
        };
    }
}
