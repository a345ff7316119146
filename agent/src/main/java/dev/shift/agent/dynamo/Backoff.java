package dev.shift.agent.dynamo;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: 25-50 ms, 50-100 ms, … capped at 5 s (what a retry after throttling waits). */
public final class Backoff {
    private Backoff() {
    }

    public static void sleep(int attempt) {
        long cap = Math.min(5_000, 50L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
