package dev.shift.agent.mapping;

/** A mapping file that cannot be used; the message names the offending field (e.g. {@code tables.orders.columns.id.type}). */
public final class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
