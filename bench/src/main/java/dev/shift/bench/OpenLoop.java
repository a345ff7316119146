package dev.shift.bench;

import dev.shift.it.harness.ShopClient;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * One slice: requests, failed ones, seconds, the JVM's CPU seconds meanwhile (all threads, and Shift's own
     * threads alone), latencies in ns.
     */
    record Slice(long requests, long errors, double seconds, double cpuSeconds,
                 java.util.Map<String, Double> shiftThreadsCpu, long[] latencies) {
        double shiftThreadsCpuSeconds() {
            return shiftThreadsCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double cpuMillisPerRequest() {
            return cpuSeconds * 1000.0 / Math.max(1, requests);
        }

        double shiftThreadsMicrosPerRequest() {
            return shiftThreadsCpuSeconds() * 1e6 / Math.max(1, requests);
        }
    }

    private OpenLoop() {
    }

    /** A shop under load: its base URL and its JVM's pid. */
    record Shop(String url, long pid) {
    }

    /**
     * Runs {@code iterationsPerSecond} iterations a second for {@code duration} against each shop at the same time,
     * on the same schedule (the same iterations due at the same instants, the order of the shops alternating), so
     * the machine's noise falls on all of them alike; each shop's load is spread over {@code users} logged-in
     * shoppers of its own, and an iteration waits for a free one (that wait counts in its latency). Returns a slice
     * per shop, in order.
     */
    static List<Slice> run(List<Shop> shops, int users, double iterationsPerSecond, Duration duration, long seed)
            throws Exception {
        List<Load> loads = new ArrayList<>();
        for (Shop shop : shops) {
            loads.add(new Load(shop, users));
        }
        long interval = (long) (1e9 / iterationsPerSecond);
        long count = (long) (duration.toNanos() / (double) interval);
        for (Load l : loads) {
            l.cpuBefore = cpuSeconds(l.shop.pid());
            l.shiftCpuBefore = shiftThreadsCpuSeconds(l.shop.pid());
        }
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            for (int k = 0; k < loads.size(); k++) {
                loads.get((int) ((k + i) % loads.size())).submit(due, seed * 1_000_003 + i);
            }
        }
        List<Slice> slices = new ArrayList<>();
        for (Load l : loads) {
            slices.add(l.finish(start));
        }
        return slices;
    }

    /** One shop's side of a run: its shoppers, its pool, what it measured. */
    private static final class Load {
        private final Shop shop;
        private final BlockingQueue<ShopClient> free;
        private final ExecutorService pool;
        private final AtomicLong errors = new AtomicLong();
        private final List<PassThroughBench.LongList> latencies = new ArrayList<>();
        private final ThreadLocal<PassThroughBench.LongList> mine = ThreadLocal.withInitial(() -> {
            PassThroughBench.LongList l = new PassThroughBench.LongList();
            synchronized (latencies) {
                latencies.add(l);
            }
            return l;
        });
        private double cpuBefore;
        private java.util.Map<String, Double> shiftCpuBefore;

        Load(Shop shop, int users) {
            this.shop = shop;
            this.free = new ArrayBlockingQueue<>(users);
            for (int u = 0; u < users; u++) {
                ShopClient c = new ShopClient(shop.url());
                c.login(Bench.shopper(u), "password").expect(200);
                free.add(c);
            }
            this.pool = Executors.newFixedThreadPool(users);
        }

        void submit(long due, long seed) {
            pool.execute(() -> {
                Random random = new Random(seed);
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

        Slice finish(long start) throws Exception {
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                throw new IllegalStateException("the open-loop load on " + shop.url() + " did not finish within 2 "
                        + "minutes of its end");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds(shop.pid()) - cpuBefore;
            java.util.Map<String, Double> shiftCpu = shiftThreadsCpuSeconds(shop.pid());
            shiftCpuBefore.forEach((name, before) -> shiftCpu.merge(name, -before, Double::sum));
            List<long[]> all = new ArrayList<>();
            synchronized (latencies) {
                latencies.forEach(l -> all.add(l.toArray()));
            }
            long[] lat = Stats.concat(all);
            return new Slice(lat.length, errors.get(), seconds, cpu, shiftCpu, lat);
        }
    }

    /** User + system CPU time of the process so far, from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(long pid) throws IOException {
        return statCpuSeconds(Path.of("/proc/" + pid + "/stat"));
    }

    /**
     * User + system CPU time so far of the threads Shift starts in the application's JVM, by thread name: its own
     * ({@code shift-…}) and the AWS SDK's connection reaper ({@code idle-connection-reaper}); the kernel keeps a
     * thread's first 15 characters of name. Threads that ended meanwhile are not counted (Shift's live for the JVM's
     * life).
     */
    static java.util.Map<String, Double> shiftThreadsCpuSeconds(long pid) throws IOException {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("shift-") || name.startsWith("idle-connection")) {
                        // schedstat's first field: nanoseconds on a CPU (stat's ticks are too coarse for idle threads)
                        String ns = Files.readString(task.resolve("schedstat")).trim().split(" ")[0];
                        byName.merge(name, Long.parseLong(ns) / 1e9, Double::sum);
                    }
                } catch (NoSuchFileException e) {
                    // the thread ended while we looked
                }
            }
        }
        return byName;
    }

    /** Fields 14 and 15 (utime, stime) of a {@code stat} file, in seconds. */
    private static double statCpuSeconds(Path stat) throws IOException {
        String line = Files.readString(stat);
        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
}
