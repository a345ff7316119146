package dev.shift.agent.outbox;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns key values into type-tagged strings and back, so a row scope read back from the outbox names exactly
 * the rows it named when it was written (DECIMAL scale and timestamp precision included).
 */
final class ParamCodec {

    private ParamCodec() {
    }

    static Map<String, String> encode(Object v) {
        Map<String, String> m = new LinkedHashMap<>(2);
        if (v == null) {
            m.put("t", "null");
            return m;
        }
        String type;
        String text;
        if (v instanceof Long) {
            type = "long";
            text = v.toString();
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            type = "int";
            text = v.toString();
        } else if (v instanceof BigDecimal d) {
            type = "decimal";
            text = d.toPlainString();
        } else if (v instanceof String s) {
            type = "string";
            text = s;
        } else if (v instanceof Boolean) {
            type = "boolean";
            text = v.toString();
        } else if (v instanceof Double || v instanceof Float) {
            type = "double";
            text = v.toString();
        } else if (v instanceof Timestamp ts) {
            type = "timestamp";
            text = ts.toLocalDateTime().toString();
        } else if (v instanceof Date d) {
            type = "date";
            text = d.toLocalDate().toString();
        } else if (v instanceof Time t) {
            type = "time";
            text = t.toString();
        } else if (v instanceof LocalDateTime ldt) {
            type = "localdatetime";
            text = ldt.toString();
        } else if (v instanceof LocalDate ld) {
            type = "localdate";
            text = ld.toString();
        } else if (v instanceof Instant i) {
            type = "instant";
            text = i.toString();
        } else if (v instanceof byte[] b) {
            type = "bytes";
            text = Base64.getEncoder().encodeToString(b);
        } else {
            throw new IllegalArgumentException("Shift cannot journal a parameter of type " + v.getClass().getName());
        }
        m.put("t", type);
        m.put("v", text);
        return m;
    }

    static Object decode(Map<?, ?> m) {
        String type = String.valueOf(m.get("t"));
        String text = m.get("v") == null ? null : String.valueOf(m.get("v"));
        return switch (type) {
            case "null" -> null;
            case "long" -> Long.valueOf(text);
            case "int" -> Integer.valueOf(text);
            case "decimal" -> new BigDecimal(text);
            case "string" -> text;
            case "boolean" -> Boolean.valueOf(text);
            case "double" -> Double.valueOf(text);
            case "timestamp" -> Timestamp.valueOf(LocalDateTime.parse(text));
            case "date" -> Date.valueOf(LocalDate.parse(text));
            case "time" -> Time.valueOf(text);
            case "localdatetime" -> LocalDateTime.parse(text);
            case "localdate" -> LocalDate.parse(text);
            case "instant" -> Instant.parse(text);
            case "bytes" -> Base64.getDecoder().decode(text);
            default -> throw new IllegalArgumentException("unknown journaled parameter type '" + type + "'");
        };
    }
}
