package dev.shift.agent.sql;

import java.sql.SQLException;

/**
 * The statement touches migrated table {@code table} in a way Shift cannot answer from DynamoDB;
 * {@code reason} says why (e.g. "OR in WHERE on shopping_carts is not supported").
 */
public record Untranslatable(String sql, String table, String reason) implements StatementPlan {

    /** The error to raise when only DynamoDB may answer (phases 4 and 5). SQLState 0A000 = feature not supported. */
    public SQLException toException() {
        return new java.sql.SQLFeatureNotSupportedException("Shift cannot answer this statement on migrated table "
                + table + " from DynamoDB: " + reason + " [" + SqlText.abbreviate(sql) + "]", "0A000");
    }
}
