package dev.shift.agent.backfill;

/** Items per second shared by all threads (0 or less = unlimited): each acquire reserves its slot in time. */
final class RateLimiter {
    private final double perSecond;
    private long nextFreeNanos = System.nanoTime();

    RateLimiter(double perSecond) {
        this.perSecond = perSecond;
    }

    void acquire(int items) {
        if (perSecond <= 0 || items <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + (long) (items * 1e9 / perSecond);
            wait = start - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
