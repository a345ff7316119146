package dev.shift.agent.backfill;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A run started in the background, and waiting for what it should do meanwhile. */
final class Background {
    private Background() {
    }

    static <T> CompletableFuture<T> start(Callable<T> run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Whether {@code condition} held within a minute (looked at every 10 ms). */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
