package dev.shift.admin.http;

import java.util.Objects;

/** A person (or script) holding a token: the name the audit trail records, and what the token allows. */
public record Operator(String name, Role role) {

    /** Who changes are attributed to when no tokens are configured on a loopback bind. */
    public static final Operator LOCAL = new Operator("local", Role.OPERATOR);

    public Operator {
        Objects.requireNonNull(role, "role");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operator name must not be blank");
        }
    }

    public static Operator operator(String name) {
        return new Operator(name, Role.OPERATOR);
    }

    public static Operator readOnly(String name) {
        return new Operator(name, Role.READ_ONLY);
    }

    public boolean mayChange() {
        return role == Role.OPERATOR;
    }

    @Override
    public String toString() {
        return name + " (" + role.wireName() + ")";
    }
}
