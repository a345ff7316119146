package dev.shift.agent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shift's state for one application connection, handed to the {@link StatementInterceptor} with every call.
 *
 * <p>A JDBC connection is used by one thread at a time, so this holds no locks; an interceptor that hands
 * work to other threads must publish what it needs itself.
 */
public final class ConnectionContext {

    private final Connection delegate;
    private final Connection wrapper;
    private boolean autoCommit;
    private boolean closed;
    private Map<Class<?>, Object> attachments;
    private DriverConnections.Origin origin;
    private boolean originKnown;

    ConnectionContext(Connection delegate, Connection wrapper, boolean autoCommit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.wrapper = Objects.requireNonNull(wrapper);
        this.autoCommit = autoCommit;
    }

    /**
     * The driver's real connection. SQL Shift runs on it itself (e.g. reading a table that stays in MySQL)
     * is not intercepted again.
     */
    public Connection delegate() {
        return delegate;
    }

    /** The connection the application holds (Shift's wrapper). */
    public Connection applicationConnection() {
        return wrapper;
    }

    /** How the application's connection was made (see {@link DriverConnections#originOf}); null if not seen. */
    DriverConnections.Origin origin() {
        if (!originKnown) {
            origin = DriverConnections.originOf(delegate);
            originKnown = true;
        }
        return origin;
    }

    /**
     * The database the connection is in now ({@code USE}, {@code setCatalog}), as the driver knows it; null when the
     * driver cannot say. Connector/J and MariaDB's driver track it without a round trip.
     */
    public String currentDatabase() {
        try {
            return delegate.getCatalog();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** The auto-commit mode the application last set (tracked, so reading it costs no driver call). */
    public boolean autoCommit() {
        return autoCommit;
    }

    /** True once the application closed the connection. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The interceptor's per-connection object of this type (e.g. a transaction buffer), created on first use.
     */
    public <T> T attachment(Class<T> type, Supplier<? extends T> ifAbsent) {
        Objects.requireNonNull(type);
        if (attachments == null) {
            attachments = new IdentityHashMap<>(4);
        }
        Object value = attachments.get(type);
        if (value == null) {
            value = Objects.requireNonNull(ifAbsent.get(), "attachment supplier returned null");
            attachments.put(type, value);
        }
        return type.cast(value);
    }

    /** The attachment of this type if one was created. */
    public <T> Optional<T> existingAttachment(Class<T> type) {
        return attachments == null ? Optional.empty() : Optional.ofNullable(type.cast(attachments.get(type)));
    }

    /** Drops the attachment of this type (e.g. after a commit), returning it if there was one. */
    public <T> Optional<T> removeAttachment(Class<T> type) {
        return attachments == null ? Optional.empty() : Optional.ofNullable(type.cast(attachments.remove(type)));
    }

    void autoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    void markClosed() {
        this.closed = true;
    }

    @Override
    public String toString() {
        return "ConnectionContext[" + delegate.getClass().getName() + ", autoCommit=" + autoCommit
                + (closed ? ", closed" : "") + "]";
    }
}
