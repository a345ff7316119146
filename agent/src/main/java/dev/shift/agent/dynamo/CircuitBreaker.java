package dev.shift.agent.dynamo;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stops sending to DynamoDB while it is failing, so a hung or unreachable DynamoDB costs the application one
 * bounded wait per few requests instead of one per request: after {@code threshold} failures in a row the breaker
 * opens and calls fail at once; after {@code openNanos} one call is let through as a probe, and its success closes
 * the breaker (its failure opens it again, for twice as long, up to a minute).
 */
public final class CircuitBreaker {

    private static final long MAX_OPEN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int threshold;
    private final long baseOpenNanos;
    private final LongSupplier clock;
    private int failures;
    private long openUntil;
    private long openNanos;
    private boolean probing;
    private String lastFailure = "";

    public CircuitBreaker(int threshold, long openNanos, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.baseOpenNanos = openNanos;
        this.openNanos = openNanos;
        this.clock = nanoClock;
    }

    /** Whether a call may go out now; false while open (a single probe is allowed once the open period ended). */
    public synchronized boolean allow() {
        if (failures < threshold) {
            return true;
        }
        if (clock.getAsLong() < openUntil || probing) {
            return false;
        }
        probing = true;
        return true;
    }

    public synchronized void succeeded() {
        failures = 0;
        probing = false;
        openNanos = baseOpenNanos;
    }

    /** A call failed in a way that says DynamoDB is unavailable (timeouts, connection errors, 5xx, throttling). */
    public synchronized void failed(String why) {
        lastFailure = why;
        if (probing) {
            probing = false;
            openNanos = Math.min(openNanos * 2, MAX_OPEN_NANOS);
            openUntil = clock.getAsLong() + openNanos;
            return;
        }
        if (++failures == threshold) {
            openUntil = clock.getAsLong() + openNanos;
        }
    }

    public synchronized boolean open() {
        return failures >= threshold;
    }

    /** For messages and /health: "closed", or "open for 4 s more after 3 failures (last: …)". */
    public synchronized String describe() {
        if (failures < threshold) {
            return "closed";
        }
        long left = Math.max(0, openUntil - clock.getAsLong());
        return "open" + (probing ? ", probing" : " for " + TimeUnit.NANOSECONDS.toSeconds(left) + " s more") + " after "
                + failures + " failures in a row (last: " + lastFailure + ")";
    }
}
