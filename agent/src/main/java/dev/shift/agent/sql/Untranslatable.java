package dev.shift.agent.sql;

import dev.shift.agent.errors.ShiftErrors;
import java.sql.SQLException;

/**
 * The statement touches migrated table {@code table} in a way Shift cannot answer from DynamoDB;
 * {@code reason} says why (e.g. "OR in WHERE on shopping_carts is not supported").
 */
public record Untranslatable(String sql, String table, String reason) implements StatementPlan {

    /**
     * The error to raise when only DynamoDB may answer (phases 4 and 5): SQLState 42000 with MySQL's vendor code 1235
     * ("not supported yet"), which no connection pool takes for a broken connection.
     */
    public SQLException toException() {
        return ShiftErrors.of(ShiftErrors.Reason.NOT_SUPPORTED, "Shift cannot answer this statement on migrated table "
                + table + " from DynamoDB: " + reason + " [" + SqlText.abbreviate(sql) + "]");
    }
}
