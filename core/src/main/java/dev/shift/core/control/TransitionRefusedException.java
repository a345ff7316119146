package dev.shift.core.control;

import dev.shift.core.migration.Check;
import java.util.List;

/** A phase move whose checks do not pass (HTTP 409): every check of the move, with its evidence. */
public final class TransitionRefusedException extends RuntimeException {

    private final List<Check> checks;

    public TransitionRefusedException(String message, List<Check> checks) {
        super(message);
        this.checks = List.copyOf(checks);
    }

    public List<Check> checks() {
        return checks;
    }
}
