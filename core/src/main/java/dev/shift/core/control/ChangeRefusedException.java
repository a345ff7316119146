package dev.shift.core.control;

/** A change that would be unsafe or makes no sense; the message says why and what is allowed (HTTP 400). */
public final class ChangeRefusedException extends RuntimeException {

    public ChangeRefusedException(String message) {
        super(message);
    }
}
