package dev.shift.core.control;

/** The flag store could not record a change, so nothing changed (HTTP 503: try again later). */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
