package dev.shift.admin.http;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a token may do. */
public enum Role {
    /** Read everything and change the flags. */
    OPERATOR("operator"),
    /** Read status, audit, validation, metrics; every change is refused with 403. */
    READ_ONLY("read-only");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
