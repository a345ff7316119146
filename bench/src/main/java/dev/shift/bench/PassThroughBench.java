package dev.shift.bench;

import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.ShopStart;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Items 1 and 6: the shop with Shift attached in phase 1 against the same shop jar without it. Two shops, each on
 * its own copy of the same data; the same open-loop shopper load ({@link OpenLoop}) alternates between them so that
 * the machine's noise falls on both, measuring CPU time per request and latency at a fixed arrival rate. Then start-up (JVM start to the first cart page served), heap after the load, and
 * the agent jar's size.
 */
final class PassThroughBench {

    private static final String ITEM1 = "1 phase-1 pass-through";
    private static final String ITEM6 = "6 start-up & footprint";

    private final Bench bench;

    PassThroughBench(Bench bench) {
        this.bench = bench;
    }

    /** What one load slice did: requests, errors, seconds, latencies in ns. */
    record Slice(long requests, long errors, double seconds, long[] latencies) {
    }

    void run() throws Exception {
        int users = 16;
        bench.setUpShopData("bench_pass_a", users, 40);
        bench.setUpShopData("bench_pass_b", users, 40);
        int threads = bench.size(4, 4);
        Duration warmUp = Duration.ofSeconds(bench.size(8, 2));
        Duration slice = Duration.ofSeconds(bench.size(15, 4));
        int rounds = bench.size(5, 1);

        Map<String, String> opts = bench.agentOptions("pass", 1);
        try (ShopStart plain = ShopStart.start(bench.shop("bench_pass_a", null, "pass-plain"));
             ShopStart shift = ShopStart.start(bench.shop("bench_pass_b", opts, "pass-shift"))) {
            String plainUrl = plain.awaitShop(Duration.ofSeconds(60));
            String shiftUrl = shift.awaitShop(Duration.ofSeconds(60));
            shift.awaitAdmin(Duration.ofSeconds(60));
            // Warm-up, closed loop: it also measures what the shop without Shift can serve, which sets the rate.
            Slice capacity = load(plainUrl, threads, warmUp, 1);
            load(shiftUrl, threads, warmUp, 1);
            double requestsPerSecond = 0.5 * capacity.requests / capacity.seconds;
            double iterationsPerSecond = requestsPerSecond / 5;   // five requests an iteration
            List<OpenLoop.Slice> a = new ArrayList<>();
            List<OpenLoop.Slice> b = new ArrayList<>();
            StringBuilder perRound = new StringBuilder();
            for (int r = 0; r < rounds; r++) {
                // A/B, then B/A: whichever runs second in a round does not always get the warmer machine.
                boolean plainFirst = r % 2 == 0;
                OpenLoop.Slice x = OpenLoop.run(plainFirst ? plainUrl : shiftUrl, plainFirst ? plain.pid() : shift.pid(),
                        users, iterationsPerSecond, slice, 100 + r);
                OpenLoop.Slice y = OpenLoop.run(plainFirst ? shiftUrl : plainUrl, plainFirst ? shift.pid() : plain.pid(),
                        users, iterationsPerSecond, slice, 100 + r);
                OpenLoop.Slice withoutShift = plainFirst ? x : y;
                OpenLoop.Slice withShift = plainFirst ? y : x;
                a.add(withoutShift);
                b.add(withShift);
                perRound.append(String.format(Locale.ROOT, " round %d: CPU/request %.2f×, p50 %.2f×, p99 %.2f×;", r + 1,
                        withShift.cpuMillisPerRequest() / withoutShift.cpuMillisPerRequest(),
                        Stats.percentile(withShift.latencies(), 50) / Stats.percentile(withoutShift.latencies(), 50),
                        Stats.percentile(withShift.latencies(), 99) / Stats.percentile(withoutShift.latencies(), 99)));
            }
            OpenLoop.Slice sa = mergeOpen(a);
            OpenLoop.Slice sb = mergeOpen(b);
            String base = "no agent";
            bench.report.add(ITEM1, "CPU time per request (the shop's JVM)", "ms", sb.cpuMillisPerRequest(),
                    sa.cpuMillisPerRequest(), base, Target.ratioAtMost(1.02));
            bench.report.add(ITEM1, "p50 latency, open loop", "ms", ms(Stats.percentile(sb.latencies(), 50)),
                    ms(Stats.percentile(sa.latencies(), 50)), base, Target.ratioAtMost(1.02));
            bench.report.add(ITEM1, "p99 latency, open loop", "ms", ms(Stats.percentile(sb.latencies(), 99)),
                    ms(Stats.percentile(sa.latencies(), 99)), base, Target.ratioAtMost(1.03));
            bench.report.note(ITEM1, String.format(Locale.ROOT, "Method: two shops (same jar, same data, same JVM flags), "
                    + "one with `-javaagent:shift-agent.jar` in phase 1. Open loop: shopper iterations (browse → add to "
                    + "cart → cart → remove → order history over the JSON API) start at a fixed rate, %.0f requests/s "
                    + "(half of what the shop without Shift served in a %d s closed-loop warm-up of %d shoppers), spread "
                    + "over %d logged-in shoppers; an iteration's first request is timed from when it was due. CPU: "
                    + "user + system time of the whole JVM (`/proc/<pid>/stat`, Shift's threads included) over the "
                    + "slice, per request. %d rounds of %d s slices, the order alternating A/B then B/A. Errors: %d "
                    + "without, %d with Shift. Per round (with/without):%s",
                    requestsPerSecond, warmUp.toSeconds(), threads, users, rounds, slice.toSeconds(), sa.errors(),
                    sb.errors(), perRound));

            double heapA = heapMiB(plain.pid());
            double heapB = heapMiB(shift.pid());
            bench.report.add(ITEM6, "heap used after warm-up + full GC", "MiB", heapB, heapA, "no agent",
                    Target.extraAtMost(40, "MiB"));
        }
        startUp();
        double jar = Files.size(bench.agentJar()) / (1024.0 * 1024.0);
        double shopJar = Files.size(Artifacts.shopJar()) / (1024.0 * 1024.0);
        bench.report.add(ITEM6, "agent jar size", "MiB", jar, shopJar, "the shop's fat jar", Target.none());
    }

    private void startUp() throws Exception {
        int pairs = bench.size(3, 1);
        List<Double> plain = new ArrayList<>();
        List<Double> shift = new ArrayList<>();
        if (!bench.quick) {
            // One untimed start of each first: the OS caches the jars, Shift creates its table.
            startOnce(false);
            startOnce(true);
        }
        for (int i = 0; i < pairs; i++) {
            plain.add(startOnce(false));
            shift.add(startOnce(true));
        }
        double a = Stats.median(plain.stream().mapToDouble(Double::doubleValue).toArray());
        double b = Stats.median(shift.stream().mapToDouble(Double::doubleValue).toArray());
        bench.report.add(ITEM6, "JVM start → first cart page served", "s", b, a, "no agent", Target.extraAtMost(0.5, "s"));
        bench.report.note(ITEM6, "Start-up: median of " + pairs + " alternated starts each (in a full run after one untimed "
                + "start of each), from starting the `java` process until a logged-in `GET /api/cart` (a migrated table, so "
                + "Shift's starting gate must be open) answers 200. Without: " + plain + " s; with Shift: " + shift
                + " s. Heap: `jcmd GC.run` then `GC.heap_info` on both shops after the load of item 1 (-Xmx512m, G1).");
    }

    private double startOnce(boolean withAgent) throws Exception {
        ShopLaunch launch = bench.shop("bench_pass_a", withAgent ? bench.agentOptions("startup", 1) : null,
                withAgent ? "startup-shift" : "startup-plain");
        try (ShopStart s = ShopStart.start(launch)) {
            String url = s.awaitShop(Duration.ofSeconds(60));
            ShopClient c = new ShopClient(url);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (c.login(Bench.shopper(0), "password").status() == 200 && c.cart().status() == 200) {
                        return (System.nanoTime() - s.startedNanos()) / 1e9;
                    }
                } catch (IllegalStateException e) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the shop never served the cart page; see " + s.log());
                }
                Thread.sleep(5);
            }
        }
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static OpenLoop.Slice mergeOpen(List<OpenLoop.Slice> slices) {
        long req = 0;
        long err = 0;
        double secs = 0;
        double cpu = 0;
        List<long[]> lat = new ArrayList<>();
        for (OpenLoop.Slice s : slices) {
            req += s.requests();
            err += s.errors();
            secs += s.seconds();
            cpu += s.cpuSeconds();
            lat.add(s.latencies());
        }
        return new OpenLoop.Slice(req, err, secs, cpu, Stats.concat(lat));
    }

    /** {@code threads} shoppers (one generated shopper each) in a closed loop for {@code duration}. */
    static Slice load(String shopUrl, int threads, Duration duration, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int t = 0; t < threads; t++) {
            int user = t;
            futures.add(pool.submit(() -> {
                ShopClient c = new ShopClient(shopUrl);
                c.login(Bench.shopper(user), "password").expect(200);
                Random random = new Random(seed * 31 + user);
                LongList lat = new LongList();
                while (System.nanoTime() < end) {
                    long product = 1 + random.nextInt(20);
                    timed(lat, errors, () -> c.get("/api/products?q=" + (random.nextBoolean() ? "java" : "")));
                    timed(lat, errors, () -> c.addToCart(product, 1));
                    timed(lat, errors, c::cart);
                    timed(lat, errors, () -> c.removeFromCart(product));
                    timed(lat, errors, c::orders);
                }
                return lat.toArray();
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] lat = Stats.concat(all);
        return new Slice(lat.length, errors.get(), secs, lat);
    }

    static void timed(LongList lat, AtomicLong errors, java.util.function.Supplier<ShopClient.Response> call) {
        timed(lat, errors, System.nanoTime(), call);
    }

    /** Times {@code call} from {@code t0} (an open loop's due time, or now). */
    static void timed(LongList lat, AtomicLong errors, long t0, java.util.function.Supplier<ShopClient.Response> call) {
        ShopClient.Response r;
        try {
            r = call.get();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            return;
        }
        lat.add(System.nanoTime() - t0);
        if (r.status() / 100 != 2) {
            errors.incrementAndGet();
        }
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Heap in use after a full GC, from {@code jcmd}. */
    static double heapMiB(long pid) throws Exception {
        String jcmd = ShopLaunch.JDK17.resolve("bin/jcmd").toString();
        run(jcmd, String.valueOf(pid), "GC.run");
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd's answer: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** A growable array of longs. */
    static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
