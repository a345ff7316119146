package dev.shift.agent.backfill;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: 50 ms, 100 ms, … capped at 5 s. */
final class Backoff {
    private Backoff() {
    }

    static void sleep(int attempt) {
        long cap = Math.min(5_000, 50L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
