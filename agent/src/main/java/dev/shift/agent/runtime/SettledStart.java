package dev.shift.agent.runtime;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Holds Shift's own start back until the application's start has settled. In phase 1 nothing of Shift is needed until
 * an operator moves the phase, yet its start (the AWS SDK's client, the admin port, DynamoDB's table check, the
 * schema read: about a second of CPU) competes with the application's own on a small machine and delayed its first
 * served request by 0.6 s. The application's start has settled when this JVM has used less than a quarter of one core
 * for {@value #QUIET_SAMPLES} samples of {@value #SAMPLE_MILLIS} ms in a row; a bound keeps a JVM that never quiets
 * down (busy from its first second) from waiting longer.
 */
final class SettledStart {

    static final long SAMPLE_MILLIS = 100;
    static final int QUIET_SAMPLES = 3;
    /** A quarter of a core over one sample. */
    private static final long QUIET_CPU_NANOS = SAMPLE_MILLIS * 1_000_000L / 4;

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Supplier<OptionalLong> processCpuNanos;
    private final Sleeper sleeper;

    SettledStart(Supplier<OptionalLong> processCpuNanos, Sleeper sleeper) {
        this.processCpuNanos = processCpuNanos;
        this.sleeper = sleeper;
    }

    /** This JVM's CPU time from the operating system; nothing where it is not told. */
    static SettledStart ofThisProcess() {
        return new SettledStart(() -> ProcessHandle.current().info().totalCpuDuration()
                .map(d -> OptionalLong.of(d.toNanos())).orElse(OptionalLong.empty()), Thread::sleep);
    }

    /**
     * Returns once the application's start has settled, at the latest after {@code bound}; at once where the process's
     * CPU time cannot be read. Returns how long it waited.
     */
    Duration await(Duration bound) throws InterruptedException {
        OptionalLong first = processCpuNanos.get();
        if (first.isEmpty()) {
            return Duration.ZERO;
        }
        long previous = first.getAsLong();
        long waited = 0;
        int quiet = 0;
        while (quiet < QUIET_SAMPLES && waited < bound.toMillis()) {
            sleeper.sleep(SAMPLE_MILLIS);
            waited += SAMPLE_MILLIS;
            OptionalLong now = processCpuNanos.get();
            if (now.isEmpty()) {
                break;
            }
            quiet = now.getAsLong() - previous < QUIET_CPU_NANOS ? quiet + 1 : 0;
            previous = now.getAsLong();
        }
        return Duration.ofMillis(waited);
    }
}
