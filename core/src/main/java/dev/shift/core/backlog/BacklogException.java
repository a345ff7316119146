package dev.shift.core.backlog;

/** A backlog operation that could not be done now (a store refused); the message says why, for the operator. */
public final class BacklogException extends Exception {
    public BacklogException(String message, Throwable cause) {
        super(message, cause);
    }
}
