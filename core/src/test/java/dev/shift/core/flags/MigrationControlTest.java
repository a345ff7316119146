package dev.shift.core.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MigrationControlTest {

    @Test
    void aThreadWaitingForAChangeWakesWhenTheOperatorMoves() throws Exception {
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        long seen = control.state().version();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<MigrationState> woke = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return control.awaitChange(seen, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        control.change(Phase.DUAL_WRITE.flags(), "test");
        assertEquals(Phase.DUAL_WRITE.flags(), woke.get(30, TimeUnit.SECONDS).flags(),
                "woken by the change, long before the 5 minutes");
    }

    @Test
    void aStateAdoptedFromTheFleetWakesTheWaitersToo() throws Exception {
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        MigrationState start = control.state();
        CompletableFuture<MigrationState> woke = CompletableFuture.supplyAsync(() -> {
            try {
                return control.awaitChange(start.version(), Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(control.adopt(start.next(Phase.DUAL_WRITE.flags(), "other instance", Instant.now())));
        assertEquals(start.version() + 1, woke.get(30, TimeUnit.SECONDS).version());
    }

    @Test
    void withoutAChangeTheWaitEndsAtItsTimeoutWithTheSameState() throws Exception {
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        MigrationState before = control.state();
        long t0 = System.nanoTime();
        assertEquals(before, control.awaitChange(before.version(), Duration.ofMillis(50)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(50).toNanos(), "waited its time");
        // A version already gone by returns at once.
        control.change(Phase.DUAL_WRITE.flags(), "test");
        assertEquals(Phase.DUAL_WRITE.flags(), control.awaitChange(before.version(), Duration.ofMinutes(5)).flags());
    }
}
