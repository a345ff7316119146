package dev.shift.agent.jdbc;

import dev.shift.agent.dynamo.RowSetResultSet;
import dev.shift.agent.merge.RowSet;

import java.sql.Connection;
import java.sql.ResultSet;

/**
 * Generated keys that did not come from MySQL (Shift allocated them), shaped like the application's driver
 * shapes its own: one unsigned BIGINT column, labelled {@code GENERATED_KEY} by Connector/J and
 * {@code insert_id} by MariaDB's driver, {@code getObject} giving a {@link java.math.BigInteger}.
 */
final class GeneratedKeys {

    static final String CONNECTOR_J_LABEL = "GENERATED_KEY";
    static final String MARIADB_LABEL = "insert_id";

    private GeneratedKeys() {
    }

    static ResultSet resultSet(Connection delegate, long... keys) {
        return new RowSetResultSet(RowSet.generatedKeys(labelFor(delegate), keys));
    }

    /** The key column's label as the driver behind {@code delegate} names it. */
    static String labelFor(Connection delegate) {
        return delegate.getClass().getName().startsWith("org.mariadb.") ? MARIADB_LABEL : CONNECTOR_J_LABEL;
    }
}
