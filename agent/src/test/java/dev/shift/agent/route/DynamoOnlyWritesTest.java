package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A switch out of phase 5 runs between DynamoDB-only writes: after those in flight, before those that arrive. */
class DynamoOnlyWritesTest {

    @Test
    void aHoldWaitsForWritesInFlightAndKeepsNewOnesUntilItIsDone() throws Exception {
        DynamoOnlyWrites writes = new DynamoOnlyWrites();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            writes.enter();
            inFlight.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("write in flight done");
            writes.exit();
        });
        writer.start();
        assertTrue(inFlight.await(5, TimeUnit.SECONDS));

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread switcher = new Thread(() -> writes.holding(Duration.ofSeconds(5), () -> {
            order.add("switch");
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        switcher.start();
        Thread.sleep(100);
        assertFalse(order.contains("switch"), "the switch waits for the write in flight");
        finish.countDown();
        assertTrue(holding.await(5, TimeUnit.SECONDS));

        Thread late = new Thread(() -> {
            writes.enter();
            order.add("new write");
            writes.exit();
        });
        late.start();
        Thread.sleep(100);
        assertFalse(order.contains("new write"), "a new write waits while the switch holds");
        release.countDown();
        late.join(5_000);
        switcher.join(5_000);
        writer.join(5_000);
        assertEquals(List.of("write in flight done", "switch", "new write"), order);
    }

    /** A transaction is counted from its first write to its end, which may come on another thread. */
    @Test
    void aTransactionEndedOnAnotherThreadReleasesTheSwitch() throws Exception {
        DynamoOnlyWrites writes = new DynamoOnlyWrites();
        Thread begin = new Thread(writes::enter);
        begin.start();
        begin.join(5_000);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread switcher = new Thread(() -> writes.holding(Duration.ofSeconds(5), () -> order.add("switch")));
        switcher.start();
        Thread.sleep(100);
        assertFalse(order.contains("switch"), "the switch waits for the open transaction");
        Thread end = new Thread(() -> {
            order.add("commit");
            writes.exit();
        });
        end.start();
        switcher.join(5_000);
        end.join(5_000);
        assertEquals(List.of("commit", "switch"), order);
    }

    @Test
    void aWriteThatDoesNotFinishDoesNotBlockTheSwitchForever() {
        DynamoOnlyWrites writes = new DynamoOnlyWrites();
        writes.enter();   // never exits on this thread's watch
        long start = System.nanoTime();
        String r = writes.holding(Duration.ofMillis(200), () -> "switched");
        assertEquals("switched", r);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        writes.exit();
    }
}
