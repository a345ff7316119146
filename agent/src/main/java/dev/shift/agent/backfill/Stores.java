package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Both stores of a run: how to open MySQL connections, and the DynamoDB table (through its gateway). */
public final class Stores {
    /** Opens a new MySQL connection. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections mysql;
    private final String mysqlName;
    private final DynamoGateway gateway;
    private final String outboxTable;

    public Stores(Connections mysql, String mysqlName, DynamoGateway gateway) {
        this(mysql, mysqlName, gateway, Outbox.DEFAULT_TABLE);
    }

    /** @param outboxTable the application's outbox ({@code outbox.table}), where backfill sees its live changes */
    public Stores(Connections mysql, String mysqlName, DynamoGateway gateway, String outboxTable) {
        if (!Outbox.plainName(outboxTable)) {
            throw new IllegalArgumentException("the outbox table must be a plain table name, got " + outboxTable);
        }
        this.mysql = mysql;
        this.mysqlName = mysqlName;
        this.gateway = gateway;
        this.outboxTable = outboxTable;
    }

    /**
     * Connections through Shift's own copy of Connector/J, never registered with DriverManager (the shaded jar
     * excludes its service file), so {@code jdbc:mysql://} URLs work with the jar alone.
     */
    public static Connections connectorJ(String url, String user, String password) {
        return () -> {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            Connection c = new com.mysql.cj.jdbc.NonRegisteringDriver().connect(url, p);
            if (c == null) {
                throw new SQLException("not a MySQL JDBC URL (expected jdbc:mysql://host:port/database): " + url);
            }
            return c;
        };
    }

    public Connection open() throws SQLException {
        return mysql.open();
    }

    public String outboxTable() {
        return outboxTable;
    }

    public DynamoGateway gateway() {
        return gateway;
    }

    public Mapping mapping() {
        return gateway.mapping();
    }

    /** Identifies source and target, for checkpoints: MySQL URL (without credentials) and DynamoDB table. */
    public String fingerprint() {
        return mysqlName + " -> dynamodb:" + gateway.tableName();
    }

    public List<SqlTable> tables(Set<String> only) throws SQLException {
        try (Connection c = open()) {
            return tables(c, only);
        }
    }

    /** {@link #tables(Set)} on a connection the caller has open. */
    public List<SqlTable> tables(Connection c, Set<String> only) throws SQLException {
        List<SqlTable> t = SqlTable.discover(c, mapping(), only);
        if (only != null) {
            for (String name : only) {
                if (t.stream().noneMatch(x -> x.name().equals(name))) {
                    throw new IllegalArgumentException("table '" + name + "' is not a top-level table of the mapping "
                            + "(migrated tables: " + mapping().tables().keySet() + ")");
                }
            }
        }
        return t;
    }
}
