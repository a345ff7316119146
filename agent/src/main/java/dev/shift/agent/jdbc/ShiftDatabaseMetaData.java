package dev.shift.agent.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Objects;

/**
 * The driver's metadata as the application sees it: {@link #getConnection()} is Shift's connection, and the result
 * sets it returns are Shift's too, with no statement behind them (JDBC allows null for metadata results), so none of
 * them leads the application to the driver's own connection.
 */
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
        return driverResult == null ? null : new ShiftResultSet(driverResult, null);
    }
}
