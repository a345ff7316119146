package dev.shift.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Shift's phase-1 start waits for the application's own start to settle, within a bound. */
class SettledStartTest {

    private static final long BUSY = 80_000_000L;   // 80 ms of CPU per 100 ms sample
    private static final long IDLE = 5_000_000L;

    /** A process whose CPU use per sample is given; counts the samples taken. */
    private static final class FakeProcess {
        final List<Long> perSample;
        long cpu;
        int samples;

        FakeProcess(List<Long> perSample) {
            this.perSample = perSample;
        }

        OptionalLong read() {
            return OptionalLong.of(cpu);
        }

        void sleep(long millis) {
            cpu += perSample.get(Math.min(samples, perSample.size() - 1));
            samples++;
        }

        SettledStart settledStart() {
            return new SettledStart(this::read, this::sleep);
        }
    }

    @Test
    void waitsWhileTheApplicationIsBusyThenForThreeQuietSamples() throws Exception {
        FakeProcess process = new FakeProcess(List.of(BUSY, BUSY, IDLE, BUSY, IDLE, IDLE, IDLE, BUSY));
        Duration waited = process.settledStart().await(Duration.ofSeconds(10));
        // Busy, busy, one quiet sample that does not count (busy again), then three quiet ones in a row.
        assertEquals(7, process.samples);
        assertEquals(Duration.ofMillis(700), waited);
    }

    @Test
    void aProcessThatNeverQuietsWaitsOnlyTheBound() throws Exception {
        FakeProcess process = new FakeProcess(List.of(BUSY));
        assertEquals(Duration.ofMillis(2000), process.settledStart().await(Duration.ofSeconds(2)));
        assertEquals(20, process.samples);
    }

    @Test
    void withoutTheProcessCpuTimeItDoesNotWait() throws Exception {
        List<Long> sleeps = new ArrayList<>();
        SettledStart blind = new SettledStart(OptionalLong::empty, sleeps::add);
        assertEquals(Duration.ZERO, blind.await(Duration.ofSeconds(10)));
        assertEquals(List.of(), sleeps);
    }

    @Test
    void thisProcessIsRead() throws Exception {
        // Linux tells a process its CPU time: the real source samples (waits at least one sample) instead of giving
        // up at once, which is what it does where the time cannot be read.
        Duration waited = SettledStart.ofThisProcess().await(Duration.ofMillis(300));
        assertTrue(waited.compareTo(Duration.ofMillis(SettledStart.SAMPLE_MILLIS)) >= 0, "waited " + waited);
    }
}
