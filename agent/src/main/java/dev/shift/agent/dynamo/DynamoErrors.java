package dev.shift.agent.dynamo;

import dev.shift.agent.errors.ShiftErrors;
import java.sql.SQLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The one place DynamoDB errors become SQLExceptions naming the statement, the table and the cause. */
public final class DynamoErrors {
    private static final System.Logger LOG = System.getLogger("dev.shift.agent.dynamo");

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

    /**
     * Whether a write that failed with {@code failure} may still be applied by DynamoDB later: its request may have
     * reached the server and no answer came back (a timeout, a broken connection, a 5xx). An answer that refuses
     * (a condition, a validation, throttling, a cancelled transaction) and a call never sent (the circuit breaker
     * open, or no connection made) cannot land.
     */
    public static boolean mayLandLate(Throwable failure) {
        boolean unanswered = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GuardedItemStore.NotSent || t instanceof java.net.ConnectException) {
                return false;
            }
            if (t instanceof SdkClientException) {
                unanswered = true;   // the cause it wraps may still tell that nothing was sent
            } else if (t instanceof AwsServiceException s && !unanswered) {
                return s.statusCode() >= 500;
            }
        }
        return unanswered;
    }

    /**
     * What went wrong in words: DynamoDB's own error code and message when it answered, otherwise that it could not be
     * reached or did not answer in time. Never the endpoint, nor Java class names (the log has the whole exception).
     */
    private static String cause(SdkException e) {
        if (e instanceof TransactionCanceledException t && t.hasCancellationReasons()) {
            StringBuilder sb = new StringBuilder("transaction cancelled:");
            t.cancellationReasons().forEach(r -> sb.append(' ').append(r.code()));
            return sb.toString();
        }
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return s.awsErrorDetails().errorCode() + (s.awsErrorDetails().errorMessage() == null ? ""
                    : ": " + s.awsErrorDetails().errorMessage());
        }
        LOG.log(System.Logger.Level.DEBUG, "DynamoDB call failed", e);
        return GuardedItemStore.unavailable(e) ? "DynamoDB could not be reached or did not answer in time"
                : "the DynamoDB client failed";
    }

    static String abbreviate(String sql) {
        if (sql == null) {
            return "";
        }
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
