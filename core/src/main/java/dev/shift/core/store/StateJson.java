package dev.shift.core.store;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationState;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The persisted form of a {@link MigrationState} in the file store. */
final class StateJson {

    private StateJson() {
    }

    static String write(MigrationState s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("since", s.since().toString());
        m.put("changedBy", s.changedBy());
        m.put("phase", s.flags().phaseNumber());
        m.put("flags", AuditJson.flagMap(s.flags()));
        return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(m) + "\n";
    }

    @SuppressWarnings("unchecked")
    static MigrationState read(String json) throws IOException {
        Map<String, Object> m = JSON.std.mapFrom(json);
        Map<String, Object> f = (Map<String, Object>) m.get("flags");
        if (f == null) {
            throw new IOException("no \"flags\" object");
        }
        return new MigrationState(
                new Flags(bool(f, Flag.READ_MYSQL), bool(f, Flag.READ_DDB), bool(f, Flag.WRITE_MYSQL), bool(f, Flag.WRITE_DDB)),
                ((Number) m.get("version")).longValue(),
                Instant.parse((String) m.get("since")),
                (String) m.get("changedBy"));
    }

    private static boolean bool(Map<String, Object> f, Flag flag) throws IOException {
        Object v = f.get(flag.name());
        if (!(v instanceof Boolean b)) {
            throw new IOException("flag " + flag + " is missing or not a boolean");
        }
        return b;
    }
}
