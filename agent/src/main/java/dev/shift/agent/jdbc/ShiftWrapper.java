package dev.shift.agent.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;
import java.util.Objects;

/**
 * What every Shift wrapper around a driver's object shares: the object itself, and the JDBC wrapper contract.
 * {@code unwrap} gives Shift's wrapper for itself and the JDBC interfaces, and the driver's object (or what it
 * unwraps to) for anything driver-specific, so an application's {@code unwrap(DriverClass.class)} keeps working.
 * The generated {@code Forwarding…} classes build on it.
 */
abstract class ShiftWrapper<D extends Wrapper> implements Wrapper {

    final D delegate;

    ShiftWrapper(D delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
