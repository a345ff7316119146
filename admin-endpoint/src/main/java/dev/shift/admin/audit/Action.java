package dev.shift.admin.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of change an operator made; the wire name is the lower-case enum name. */
public enum Action {
    /** {@code POST /api/migration/phase}: jump to a named phase. */
    PHASE,
    /** {@code PUT /api/migration/flags}: set the four switches. */
    FLAGS,
    /** {@code POST /api/migration/rollback}: back one phase. */
    ROLLBACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> fromWire(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }
}
