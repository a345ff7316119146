package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallsInFlightTest {

    @Test
    void awaitGivesTheResultsInOrderAndRethrowsTheFirstFailure() {
        try (CallsInFlight calls = new CallsInFlight(4, "test-call")) {
            assertEquals(List.of(1, 2, 3), calls.submitAll(List.<Callable<Integer>>of(() -> 1, () -> 2, () -> 3)).await());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> calls.runAll(
                    List.<Callable<Integer>>of(() -> 1, () -> {
                        throw new IllegalStateException("refused");
                    })));
            assertEquals("refused", e.getMessage());
        }
    }

    /** Before a chunk is done again, the writes of the attempt that failed must all have landed. */
    @Test
    void settleReturnsOnlyOnceEveryCallEndedEvenWhenOneFailed() throws Exception {
        try (CallsInFlight calls = new CallsInFlight(4, "test-call")) {
            CountDownLatch slowStarted = new CountDownLatch(1);
            AtomicBoolean slowEnded = new AtomicBoolean();
            CallsInFlight.Pending<Void> pending = calls.submitAll(List.<Callable<Void>>of(() -> {
                throw new IllegalStateException("a failed write");
            }, () -> {
                slowStarted.countDown();
                Thread.sleep(300);
                slowEnded.set(true);
                return null;
            }));
            slowStarted.await();
            pending.settle();
            assertTrue(slowEnded.get(), "settle returned while a call was still in flight");
        }
    }
}
