package dev.shift.agent.errors;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;

/**
 * Shift's one table of errors: each situation's SQLState, vendor code, and whether trying again may succeed (then the
 * exception is an {@link SQLTransientException}). None uses a state that connection pools take for a broken connection
 * ({@code 08xxx}, {@code 0A000}, {@code 57P0x}, …): Shift's trouble never makes a pool evict the application's healthy
 * connections. {@code 08xxx} reaches the application only from the driver itself, when MySQL's connection broke.
 */
public final class ShiftErrors {

    /** The situations, with what the application sees. */
    public enum Reason {
        /** A statement Shift cannot answer from DynamoDB: like MySQL's own "This version of MySQL doesn't yet support". */
        NOT_SUPPORTED("42000", 1235, false),
        /** DynamoDB did not answer in time, refused for capacity, or is not being sent to (circuit open). */
        DYNAMODB_UNAVAILABLE("HY000", 0, true),
        /** DynamoDB answered with an error for this statement (a validation, a failed write). */
        DYNAMODB_FAILED("HY000", 0, false),
        /** What a transaction read or wrote changed before COMMIT: retry the transaction, as after a MySQL deadlock. */
        CONFLICT("40001", 1213, true),
        /** Shift is still starting, or could not start: the statement was not run. */
        NOT_READY("HY000", 0, true),
        /** Shift's own MySQL connections (the outbox) could not be reached: the statement was not run. */
        OWN_CONNECTION("HY000", 0, true);

        public final String sqlState;
        public final int vendorCode;
        public final boolean transientError;

        Reason(String sqlState, int vendorCode, boolean transientError) {
            this.sqlState = sqlState;
            this.vendorCode = vendorCode;
            this.transientError = transientError;
        }
    }

    private ShiftErrors() {
    }

    public static SQLException of(Reason reason, String message) {
        return of(reason, message, null);
    }

    public static SQLException of(Reason reason, String message, Throwable cause) {
        if (reason == Reason.NOT_SUPPORTED) {
            return new SQLSyntaxErrorException(message, reason.sqlState, reason.vendorCode, cause);
        }
        return reason.transientError ? new SQLTransientException(message, reason.sqlState, reason.vendorCode, cause)
                : new SQLException(message, reason.sqlState, reason.vendorCode, cause);
    }
}
