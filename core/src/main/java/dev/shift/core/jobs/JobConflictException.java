package dev.shift.core.jobs;

/** A job of that kind is already running; the message names the run (id, who, since when). */
public final class JobConflictException extends Exception {
    public JobConflictException(String message) {
        super(message);
    }
}
