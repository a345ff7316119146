package dev.shift.core.audit;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.Flags;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON form of an audit entry: the HTTP API returns it, the file store writes it as one line,
 * the DynamoDB store keeps it in an attribute. One codec, so the three never drift apart.
 */
public final class AuditJson {

    private static final JSON JSON_STD = JSON.std;

    private AuditJson() {
    }

    public static Map<String, Object> toMap(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("at", e.at().toString());
        m.put("operator", e.operator());
        m.put("action", e.action().wireName());
        m.put("before", state(e.before()));
        m.put("after", state(e.after()));
        m.put("summary", e.summary());
        m.put("reason", e.reasonText().orElse(null));
        m.put("instance", e.instance());
        if (!e.detail().isEmpty()) {
            m.put("detail", e.detail());
        }
        if (!e.facts().isEmpty()) {
            m.put("facts", new java.util.TreeMap<>(e.facts()));
        }
        return m;
    }

    /** {"phase":n,"name":…,"flags":{READ_MYSQL:…}} — also used by the status view. */
    public static Map<String, Object> state(Flags flags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", flags.phaseNumber());
        m.put("name", flags.phase().map(p -> p.title()).orElse("custom"));
        m.put("flags", flagMap(flags));
        return m;
    }

    public static Map<String, Object> flagMap(Flags flags) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Flag f : Flag.values()) {
            m.put(f.name(), f.in(flags));
        }
        return m;
    }

    public static String toLine(AuditEntry e) {
        try {
            return JSON_STD.asString(toMap(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads back a line written by {@link #toLine}; throws IllegalArgumentException if it is not one. */
    public static AuditEntry fromLine(String line) {
        try {
            return fromMap(JSON_STD.mapFrom(line));
        } catch (IOException ex) {
            throw new IllegalArgumentException("not an audit entry: " + ex.getMessage(), ex);
        }
    }

    static AuditEntry fromMap(Map<String, Object> m) {
        try {
            Object reason = m.get("reason");
            return new AuditEntry(
                    ((Number) m.get("version")).longValue(),
                    Instant.parse((String) m.get("at")),
                    (String) m.get("operator"),
                    Action.fromWire((String) m.get("action"))
                            .orElseThrow(() -> new IllegalArgumentException("unknown action " + m.get("action"))),
                    flags(m.get("before")),
                    flags(m.get("after")),
                    reason == null ? "" : (String) reason,
                    (String) m.get("instance"),
                    (String) m.get("detail"),
                    facts(m.get("facts")));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not an audit entry: " + ex, ex);
        }
    }

    private static Map<String, String> facts(Object facts) {
        Map<String, String> out = new LinkedHashMap<>();
        if (facts instanceof Map<?, ?> f) {
            f.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Flags flags(Object state) {
        Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) state).get("flags");
        return new Flags(Boolean.TRUE.equals(f.get(Flag.READ_MYSQL.name())), Boolean.TRUE.equals(f.get(Flag.READ_DDB.name())),
                Boolean.TRUE.equals(f.get(Flag.WRITE_MYSQL.name())), Boolean.TRUE.equals(f.get(Flag.WRITE_DDB.name())));
    }
}
