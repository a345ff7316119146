package dev.shift.agent.dynamo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the application's own driver hands back where drivers differ, so a result Shift serves looks like the one the
 * driver would have given: Connector/J from 8.0.23 answers {@code getObject} on a DATETIME with a
 * {@code LocalDateTime}, older Connector/J, MariaDB's driver and others with a {@code Timestamp}; MariaDB's driver names
 * an INT column's type {@code INTEGER}.
 *
 * @param datetimeAsLocalDateTime {@code getObject} on a DATETIME gives a LocalDateTime (else a Timestamp)
 * @param intTypeName             what {@code getColumnTypeName} says for an INT column
 */
public record DriverDialect(boolean datetimeAsLocalDateTime, String intTypeName) {

    /** Connector/J 8.0.23 and later: the dialect of results Shift serves when it knows nothing of the driver. */
    public static final DriverDialect CONNECTOR_J = new DriverDialect(true, "INT");

    /** The type name this driver gives for a column MySQL calls {@code mysqlName}. */
    public String typeName(String mysqlName) {
        return "INT".equals(mysqlName) ? intTypeName : mysqlName;
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** The dialect of the driver behind this (unwrapped) connection; Timestamp when its version cannot be read. */
    public static DriverDialect of(Connection driverConnection) {
        if (driverConnection.getClass().getName().startsWith("org.mariadb.")) {
            return new DriverDialect(false, "INTEGER");
        }
        if (!driverConnection.getClass().getName().startsWith("com.mysql.")) {
            return new DriverDialect(false, "INT");
        }
        try {
            return new DriverDialect(connectorJReturnsLocalDateTime(driverConnection.getMetaData().getDriverVersion()), "INT");
        } catch (SQLException | RuntimeException e) {
            return CONNECTOR_J;   // a Connector/J whose metadata cannot be read: current versions
        }
    }

    /** Connector/J's version text ("mysql-connector-j-9.1.0 (Revision: …)") is 8.0.23 or later. */
    static boolean connectorJReturnsLocalDateTime(String driverVersion) {
        Matcher m = VERSION.matcher(driverVersion == null ? "" : driverVersion);
        if (!m.find()) {
            return true;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return major > 8 || (major == 8 && (minor > 0 || patch >= 23));
    }
}
