package dev.shift.agent.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Objects;

/** The driver's metadata, except that {@link #getConnection()} returns the application's (Shift's) connection. */
final class ShiftDatabaseMetaData extends ForwardingDatabaseMetaData {

    private final ShiftConnection connection;

    ShiftDatabaseMetaData(ShiftConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = Objects.requireNonNull(connection);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    ResultSet result(ResultSet driverResult) {
        return driverResult;
    }
}
