package dev.shift.agent.dynamo;

import dev.shift.agent.jdbc.ShiftErrors;
import java.sql.SQLException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The one place DynamoDB errors become SQLExceptions naming the statement, the table and the cause. */
public final class DynamoErrors {
    private DynamoErrors() {
    }

    public static SQLException toSql(String sql, String table, String operation, SdkException e) {
        String msg = "Shift: DynamoDB " + operation + " on table " + table + " failed for ["
                + abbreviate(sql) + "]: " + cause(e);
        if (GuardedItemStore.unavailable(e)) {
            return ShiftErrors.of(ShiftErrors.Reason.DYNAMODB_UNAVAILABLE, msg, e);
        }
        if (e instanceof TransactionCanceledException) {
            return ShiftErrors.of(ShiftErrors.Reason.CONFLICT, msg, e);
        }
        return ShiftErrors.of(ShiftErrors.Reason.DYNAMODB_FAILED, msg, e);
    }

    private static String cause(SdkException e) {
        if (e instanceof TransactionCanceledException t && t.hasCancellationReasons()) {
            StringBuilder sb = new StringBuilder("transaction cancelled:");
            t.cancellationReasons().forEach(r -> sb.append(' ').append(r.code()));
            return sb.toString();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String abbreviate(String sql) {
        if (sql == null) {
            return "";
        }
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
