package dev.shift.agent.jdbc;

import dev.shift.agent.errors.ShiftErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small, bounded pool of Shift's own MySQL connections (autocommit), so recording an outbox entry costs one
 * round trip and never waits for a new connection; a connection that failed is closed, not returned. Waiting
 * for a free connection is bounded too (10 s). When the connector's target changes (the application's migrated
 * tables turned out to live in another database), idle connections to the old one are closed, not reused.
 */
public final class MysqlPool implements AutoCloseable {

    /** Work done with a pooled connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private record Pooled(Connection connection, Object target) {
    }

    private final MysqlConnector connector;
    private final Work<?> onOpen;
    private final BlockingQueue<Pooled> idle;
    private final Semaphore permits;

    public MysqlPool(MysqlConnector connector, int size) {
        this(connector, size, c -> null);
    }

    /** @param onOpen run once on each new connection (e.g. creating a table Shift needs there) */
    public MysqlPool(MysqlConnector connector, int size, Work<?> onOpen) {
        this.connector = connector;
        this.onOpen = onOpen;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new Semaphore(size, true);
    }

    /** Runs {@code work} with a pooled connection (autocommit on). */
    public <T> T with(Work<T> work) throws SQLException {
        try {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION, "Shift: all " + idle.remainingCapacity()
                        + " of its MySQL connections stayed busy "
                        + "for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShiftErrors.of(ShiftErrors.Reason.OWN_CONNECTION,
                    "Shift: interrupted while waiting for one of its MySQL connections", e);
        }
        Connection c = null;
        try {
            Object target = connector.target();
            Pooled p;
            while ((p = idle.poll()) != null && !java.util.Objects.equals(p.target(), target)) {
                closeQuietly(p.connection());
            }
            if (p != null) {
                c = p.connection();
            } else {
                c = connector.open();
                c.setAutoCommit(true);
                onOpen.run(c);
            }
            T result = work.run(c);
            idle.offer(new Pooled(c, target));
            c = null;
            return result;
        } finally {
            if (c != null) {
                closeQuietly(c);
            }
            permits.release();
        }
    }

    /** See {@link MysqlConnector#ready()}. */
    public boolean ready() {
        return connector.ready();
    }

    public String describe() {
        return connector.describe();
    }

    @Override
    public void close() {
        Pooled p;
        while ((p = idle.poll()) != null) {
            closeQuietly(p.connection());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // it failed already; nothing more to do with it
        }
    }
}
