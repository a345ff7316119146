package dev.shift.core.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The changes MySQL committed that DynamoDB has not taken yet (phases 2-4), as the agent's outbox holds them:
 * what the admin API, panel and metrics show, and what an operator may retry or discard.
 *
 * <p>Each entry names the rows it covers ({@code scope}, e.g. {@code shopping_carts user_id=3}); resolving an
 * entry copies those rows' current MySQL state into DynamoDB, so retrying is always safe and the order of
 * entries does not matter.
 *
 * <p>Thread-safe. The admin endpoint calls {@link #summary()} on every status request, panel render and metrics
 * scrape, and {@link #list(int)} for the API and the panel (the oldest 20), so both should be cheap; either may throw
 * a RuntimeException when the outbox cannot be read (status and metrics then leave the backlog out, the API answers
 * 503). {@link #retry} and {@link #discard} are called on an admin worker thread for an operator's request; the
 * endpoint audits each one that returned true (operator, reason, the entry's scope).
 */
public interface Backlog {

    /** One outbox entry. {@code lastError} is null until an attempt failed. */
    record Entry(long id, Instant recordedAt, List<String> scope, int attempts, String lastError) {
        public Entry {
            scope = List.copyOf(scope);
        }
    }

    /** How many entries wait and how old the oldest is (empty when none waits). */
    record Summary(long pending, Optional<Duration> oldestAge) {
    }

    Summary summary();

    /**
     * As {@link #summary()}, but read now, never from a cache: what the control plane checks before MySQL stops
     * being written. A backlog that keeps figures (as the agent's does, for a second) overrides this.
     *
     * @throws BacklogException when the backlog cannot be read now
     */
    default Summary current() throws BacklogException {
        try {
            return summary();
        } catch (RuntimeException e) {
            throw new BacklogException("the backlog cannot be read: " + e.getMessage(), e);
        }
    }

    /** The oldest {@code limit} entries, oldest first. */
    List<Entry> list(int limit);

    /**
     * Resolves the entry now, on the caller's thread.
     *
     * @return false when no entry has this id (already resolved or discarded)
     * @throws BacklogException when DynamoDB or MySQL refused again; the entry stays, its message says why
     */
    boolean retry(long id) throws BacklogException;

    /**
     * Forgets the entry without copying anything (the operator takes responsibility, e.g. after a repair).
     *
     * @return false when no entry has this id
     */
    boolean discard(long id) throws BacklogException;

    /** A backlog with nothing in it, for an admin server without an agent behind it. */
    Backlog EMPTY = new Backlog() {
        @Override
        public Summary summary() {
            return new Summary(0, Optional.empty());
        }

        @Override
        public List<Entry> list(int limit) {
            return List.of();
        }

        @Override
        public boolean retry(long id) {
            return false;
        }

        @Override
        public boolean discard(long id) {
            return false;
        }
    };
}
