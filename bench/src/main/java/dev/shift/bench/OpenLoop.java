package dev.shift.bench;

import dev.shift.it.harness.ShopClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop shopper load: iterations (browse → add to cart → cart → remove → order history) start at a fixed rate
 * whatever the shop's answers do, and each iteration's first request is timed from when it was due, so a slow shop
 * shows as latency instead of quietly lowering the load (closed-loop load slows down with the shop and hides its
 * stalls). With it, the CPU time the shop's JVM spent (all its threads, Shift's included) per request.
 */
final class OpenLoop {

    /** Linux's clock ticks per second for {@code /proc/<pid>/stat} times (USER_HZ, 100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** One slice: requests, failed ones, seconds, the JVM's CPU seconds meanwhile, latencies in ns. */
    record Slice(long requests, long errors, double seconds, double cpuSeconds, long[] latencies) {
        double cpuMillisPerRequest() {
            return cpuSeconds * 1000.0 / Math.max(1, requests);
        }
    }

    private OpenLoop() {
    }

    /**
     * Runs {@code iterationsPerSecond} iterations a second for {@code duration} against the shop at {@code shopUrl}
     * (JVM {@code pid}), spread over {@code users} logged-in shoppers; an iteration waits for a free shopper (that
     * wait counts in its latency).
     */
    static Slice run(String shopUrl, long pid, int users, double iterationsPerSecond, Duration duration, long seed)
            throws Exception {
        BlockingQueue<ShopClient> free = new ArrayBlockingQueue<>(users);
        for (int u = 0; u < users; u++) {
            ShopClient c = new ShopClient(shopUrl);
            c.login(Bench.shopper(u), "password").expect(200);
            free.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(users);
        AtomicLong errors = new AtomicLong();
        List<PassThroughBench.LongList> latencies = new ArrayList<>();
        ThreadLocal<PassThroughBench.LongList> mine = ThreadLocal.withInitial(() -> {
            PassThroughBench.LongList l = new PassThroughBench.LongList();
            synchronized (latencies) {
                latencies.add(l);
            }
            return l;
        });
        long interval = (long) (1e9 / iterationsPerSecond);
        long count = (long) (duration.toNanos() / (double) interval);
        double cpuBefore = cpuSeconds(pid);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Random random = new Random(seed * 1_000_003 + i);
            pool.execute(() -> {
                PassThroughBench.LongList lat = mine.get();
                ShopClient c;
                try {
                    c = free.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    long product = 1 + random.nextInt(20);
                    PassThroughBench.timed(lat, errors, due,
                            () -> c.get("/api/products?q=" + (random.nextBoolean() ? "java" : "")));
                    PassThroughBench.timed(lat, errors, () -> c.addToCart(product, 1));
                    PassThroughBench.timed(lat, errors, c::cart);
                    PassThroughBench.timed(lat, errors, () -> c.removeFromCart(product));
                    PassThroughBench.timed(lat, errors, c::orders);
                } finally {
                    free.add(c);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the open-loop load did not finish within 2 minutes of its end");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds(pid) - cpuBefore;
        List<long[]> all = new ArrayList<>();
        synchronized (latencies) {
            latencies.forEach(l -> all.add(l.toArray()));
        }
        long[] lat = Stats.concat(all);
        return new Slice(lat.length, errors.get(), seconds, cpu, lat);
    }

    /** User + system CPU time of the process so far, from {@code /proc/<pid>/stat} (fields 14 and 15). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
}
