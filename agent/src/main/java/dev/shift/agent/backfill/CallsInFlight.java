package dev.shift.agent.backfill;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB calls of a run kept in flight together, at most {@code n} at once over the whole run: a chunk's 500
 * conditional puts one after another spend their time waiting for round trips, not working. Each call is still the
 * one it was (same condition, same capacity units); only their waits overlap.
 */
final class CallsInFlight implements AutoCloseable {

    private final ExecutorService pool;

    CallsInFlight(int n, String threadName) {
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs every call, waits for all of them, and returns their results in order; the first failure is rethrown. */
    <T> List<T> runAll(List<? extends Callable<T>> calls) {
        return submitAll(calls).await();
    }

    /**
     * Starts every call and returns at once: the caller does other work (reads the next chunk from MySQL) while
     * they are in flight, then {@link Pending#await awaits} them.
     */
    <T> Pending<T> submitAll(List<? extends Callable<T>> calls) {
        List<Future<T>> futures = new ArrayList<>(calls.size());
        for (Callable<T> call : calls) {
            futures.add(pool.submit(call));
        }
        return new Pending<>(futures);
    }

    /** Calls started by {@link #submitAll}. */
    static final class Pending<T> {
        private final List<Future<T>> futures;

        private Pending(List<Future<T>> futures) {
            this.futures = futures;
        }

        /** Waits for every call and returns their results in order; the first failure is rethrown. */
        List<T> await() {
            List<T> results = new ArrayList<>(futures.size());
            RuntimeException failure = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    futures.forEach(x -> x.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while DynamoDB calls were in flight", e);
                } catch (CancellationException e) {
                    failure = failure != null ? failure : new IllegalStateException("a DynamoDB call was cancelled", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }

        /**
         * Waits for every call, their failures aside: before a chunk is done again, the writes of the failed attempt
         * must have landed, or one could overwrite what the next attempt (or a live write) wrote after it.
         */
        void settle() {
            try {
                await();
            } catch (RuntimeException ignored) {
                // the attempt failed anyway; the chunk is done again
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
