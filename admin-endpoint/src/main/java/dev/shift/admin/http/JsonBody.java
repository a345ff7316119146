package dev.shift.admin.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strictly validated JSON request body: one object, no duplicate keys, no trailing content, no
 * unknown fields, and every field of the type it must have. Each refusal names the field.
 */
final class JsonBody {

    static final int MAX_REASON = 500;
    private static final JSON STRICT = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private final Map<String, Object> fields;
    private final String example;

    private JsonBody(Map<String, Object> fields, String example) {
        this.fields = fields;
        this.example = example;
    }

    /**
     * @param example a valid body, quoted in every message so the operator sees what is expected
     * @param allowed the only field names accepted
     */
    @SuppressWarnings("unchecked")
    static JsonBody parse(String text, String example, String... allowed) {
        if (text.isBlank()) {
            return new JsonBody(Map.of(), example);
        }
        Object value;
        try (JsonParser p = STRICT.getStreamingFactory().createParser(text)) {
            value = STRICT.anyFrom(p);
            if (p.nextToken() != null) {
                throw HttpProblem.badRequest("malformed JSON: unexpected content after the object; expected a single object like " + example);
            }
        } catch (IOException e) {
            throw HttpProblem.badRequest("malformed JSON: " + firstLine(e.getMessage()) + "; expected an object like " + example);
        }
        if (!(value instanceof Map)) {
            throw HttpProblem.badRequest("the body must be a JSON object like " + example + ", not " + typeName(value));
        }
        Map<String, Object> map = (Map<String, Object>) value;
        Set<String> allowedSet = new LinkedHashSet<>(Arrays.asList(allowed));
        for (String name : map.keySet()) {
            if (!allowedSet.contains(name)) {
                throw HttpProblem.badRequest("unknown field \"" + name + "\"; allowed fields: " + String.join(", ", allowedSet)
                        + " (e.g. " + example + ")");
            }
        }
        return new JsonBody(map, example);
    }

    int requiredInt(String name, String allowedValues) {
        Object v = required(name);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            Number n = (Number) v;
            if (n instanceof BigInteger big && big.bitLength() > 31 || n.longValue() != n.intValue()) {
                throw HttpProblem.badRequest("field \"" + name + "\" is out of range: " + v + "; allowed: " + allowedValues);
            }
            return n.intValue();
        }
        throw wrongType(name, "an integer (" + allowedValues + ")", v);
    }

    /** An optional integer field within {@code min..max}; {@code dflt} when absent. */
    int optionalInt(String name, int dflt, int min, int max) {
        if (!fields.containsKey(name)) {
            return dflt;
        }
        String allowed = "an integer from " + min + " to " + max;
        Object v = required(name);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            Number n = (Number) v;
            if (n instanceof BigInteger big && big.bitLength() > 31 || n.longValue() < min || n.longValue() > max) {
                throw HttpProblem.badRequest("field \"" + name + "\" is " + v + "; it must be " + allowed);
            }
            return n.intValue();
        }
        throw wrongType(name, allowed, v);
    }

    /** An optional number field (integer or decimal) within {@code min..max}; {@code dflt} when absent. */
    double optionalNumber(String name, double dflt, double min, double max, String allowedValues) {
        if (!fields.containsKey(name)) {
            return dflt;
        }
        Object v = required(name);
        if (v instanceof Number n && !(v instanceof Boolean)) {
            double d = n.doubleValue();
            if (!(d >= min && d <= max)) {
                throw HttpProblem.badRequest("field \"" + name + "\" is " + v + "; it must be " + allowedValues);
            }
            return d;
        }
        throw wrongType(name, "a number (" + allowedValues + ")", v);
    }

    /** An optional list of short strings (e.g. the checks to override); empty when absent. */
    List<String> optionalStrings(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.size() > 20 || !list.stream().allMatch(
                x -> x instanceof String str && !str.isBlank() && str.length() <= 64)) {
            throw wrongType(name, "a list of names, e.g. [\"shadow-coverage\"]", v);
        }
        return list.stream().map(x -> ((String) x).strip()).toList();
    }

    /** A required non-blank string of at most 200 characters. */
    String requiredString(String name) {
        Object v = required(name);
        if (v instanceof String str && !str.isBlank() && str.length() <= 200) {
            return str.strip();
        }
        throw wrongType(name, "a non-empty string of at most 200 characters", v);
    }

    /** An optional boolean field; {@code dflt} when absent. */
    boolean optionalBoolean(String name, boolean dflt) {
        return fields.containsKey(name) ? requiredBoolean(name) : dflt;
    }

    boolean requiredBoolean(String name) {
        Object v = required(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "a boolean (true or false)", v);
    }

    /** The optional free-text reason: a string of at most {@value #MAX_REASON} characters, or null. */
    Optional<String> optionalReason() {
        Object v = fields.get("reason");
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrongType("reason", "a string", v);
        }
        if (s.length() > MAX_REASON) {
            throw HttpProblem.badRequest("field \"reason\" is " + s.length() + " characters long; at most " + MAX_REASON + " are allowed");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    private Object required(String name) {
        if (!fields.containsKey(name)) {
            throw HttpProblem.badRequest("missing field \"" + name + "\"; expected an object like " + example);
        }
        Object v = fields.get(name);
        if (v == null) {
            throw HttpProblem.badRequest("field \"" + name + "\" must not be null; expected an object like " + example);
        }
        return v;
    }

    private HttpProblem wrongType(String name, String expected, Object got) {
        return HttpProblem.badRequest("field \"" + name + "\" must be " + expected + ", got " + typeName(got)
                + (got instanceof String s ? " \"" + abbreviate(s) + "\"" : "") + "; expected an object like " + example);
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number n) {
            return v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal ? "a decimal number " + n : "the number " + n;
        }
        if (v instanceof Map) {
            return "an object";
        }
        return "an array";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
