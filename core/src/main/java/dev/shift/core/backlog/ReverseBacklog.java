package dev.shift.core.backlog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The other direction's backlog: writes made while MySQL was not written (phase 5) that MySQL does not have yet, as
 * the agent's reverse sync sees them, and the AUTO_INCREMENT columns whose next MySQL id is not yet above the ids Shift
 * handed out. Leaving phase 5 needs both empty; the status, the panel and the metrics show them.
 */
public interface ReverseBacklog {

    /**
     * @param pending    entries (DynamoDB writes) not yet copied to MySQL
     * @param oldestAge  age of the oldest, empty when none waits
     * @param idsBehind  one line per AUTO_INCREMENT column MySQL would hand out an id Shift already gave
     * @param lastError  why the last copy failed, while it keeps failing
     */
    record Summary(long pending, Optional<Duration> oldestAge, List<String> idsBehind, Optional<String> lastError) {
        public Summary {
            idsBehind = List.copyOf(idsBehind);
        }

        public boolean caughtUp() {
            return pending == 0 && idsBehind.isEmpty();
        }
    }

    /** Cheap, possibly a second old: for status pages and scrapes. May throw a RuntimeException when unreadable. */
    Summary summary();

    /** Read now, never from a cache: what a move out of phase 5 is checked against. */
    Summary current() throws BacklogException;

    /**
     * Runs {@code move}, a switch that turns MySQL writes back on, at a moment this instance's DynamoDB-only writes
     * are held and what waited has been copied into MySQL (best effort, bounded: the move's own checks decide).
     */
    default <T> T catchingUp(java.util.function.Supplier<T> move) {
        return move.get();
    }

    /** Nothing behind, for an admin server without an agent. */
    ReverseBacklog NONE = new ReverseBacklog() {
        @Override
        public Summary summary() {
            return new Summary(0, Optional.empty(), List.of(), Optional.empty());
        }

        @Override
        public Summary current() {
            return summary();
        }
    };
}
