package dev.shift.agent.dynamo;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Values of the version attribute ({@code shift_version}) that every item Shift writes carries: the write
 * time in microseconds since the epoch, strictly increasing within this JVM. The backfill writes with
 * {@code attribute_not_exists(PK) OR shift_version < :its_version}, so it never overwrites live data written
 * after it read MySQL.
 */
public final class VersionClock {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public VersionClock(Clock clock) {
        this.clock = clock;
    }

    public static VersionClock system() {
        return new VersionClock(Clock.systemUTC());
    }

    public long next() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return last.updateAndGet(prev -> Math.max(prev + 1, micros));
    }
}
