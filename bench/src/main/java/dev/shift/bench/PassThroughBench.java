package dev.shift.bench;

import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.ShopStart;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;

import java.nio.file.Files;
import java.nio.file.Path;
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
        bench.setUpShopData("bench_pass_c", users, 40);
        int threads = bench.size(4, 4);
        Duration warmUp = Duration.ofSeconds(bench.size(15, 2));
        Duration slice = Duration.ofSeconds(bench.size(15, 4));
        int rounds = bench.size(6, 1);

        Map<String, String> opts = bench.agentOptions("pass", 1);
        try (ShopStart plain = ShopStart.start(bench.shop("bench_pass_a", null, "pass-plain"));
             ShopStart shift = ShopStart.start(bench.shop("bench_pass_b", opts, "pass-shift"));
             ShopStart second = ShopStart.start(bench.shop("bench_pass_c", null, "pass-control"))) {
            String plainUrl = plain.awaitShop(Duration.ofSeconds(60));
            String shiftUrl = shift.awaitShop(Duration.ofSeconds(60));
            String controlUrl = second.awaitShop(Duration.ofSeconds(60));
            shift.awaitAdmin(Duration.ofSeconds(60));
            // Warm-up, closed loop: it also measures what the shop without Shift can serve, which sets the rate.
            Slice capacity = load(plainUrl, threads, warmUp, 1);
            load(shiftUrl, threads, warmUp, 1);
            load(controlUrl, threads, warmUp, 1);
            // The three shops are loaded at once, each with a fifth of what one served alone.
            double requestsPerSecond = 0.2 * capacity.requests / capacity.seconds;
            double iterationsPerSecond = requestsPerSecond / 5;   // five requests an iteration
            List<OpenLoop.Shop> shops = List.of(new OpenLoop.Shop(plainUrl, plain.pid()),
                    new OpenLoop.Shop(shiftUrl, shift.pid()), new OpenLoop.Shop(controlUrl, second.pid()));
            List<OpenLoop.Slice> a = new ArrayList<>();
            List<OpenLoop.Slice> b = new ArrayList<>();
            List<OpenLoop.Slice> c = new ArrayList<>();
            double[] cpuRatios = new double[rounds];
            double[] controlRatios = new double[rounds];
            StringBuilder perRound = new StringBuilder();
            for (int r = 0; r < rounds; r++) {
                List<OpenLoop.Slice> all = OpenLoop.run(shops, users, iterationsPerSecond, slice, 100 + r);
                OpenLoop.Slice withoutShift = all.get(0);
                OpenLoop.Slice withShift = all.get(1);
                OpenLoop.Slice control = all.get(2);
                a.add(withoutShift);
                b.add(withShift);
                c.add(control);
                // Shift against both shops without it: two baselines halve what either one's own noise adds.
                cpuRatios[r] = withShift.cpuMillisPerRequest()
                        / ((withoutShift.cpuMillisPerRequest() + control.cpuMillisPerRequest()) / 2);
                controlRatios[r] = control.cpuMillisPerRequest() / withoutShift.cpuMillisPerRequest();
                long[] baseline = Stats.concat(List.of(withoutShift.latencies(), control.latencies()));
                perRound.append(String.format(Locale.ROOT, " round %d: CPU/request %.3f× (control %.3f×), p50 %.2f×, "
                                + "p99 %.2f×;", r + 1, cpuRatios[r], controlRatios[r],
                        Stats.percentile(withShift.latencies(), 50) / Stats.percentile(baseline, 50),
                        Stats.percentile(withShift.latencies(), 99) / Stats.percentile(baseline, 99)));
            }
            OpenLoop.Slice sa = mergeOpen(a);
            OpenLoop.Slice sb = mergeOpen(b);
            OpenLoop.Slice sc = mergeOpen(c);
            long[] baseline = Stats.concat(List.of(sa.latencies(), sc.latencies()));
            java.util.Arrays.sort(cpuRatios);
            java.util.Arrays.sort(controlRatios);
            double median = Stats.median(cpuRatios);
            double baselineCpu = (sa.cpuMillisPerRequest() + sc.cpuMillisPerRequest()) / 2;
            String base = "no agent (A and C)";
            bench.report.add(ITEM1, "CPU time per request, whole JVM (median of rounds)", "ms",
                    baselineCpu * median, baselineCpu, base, Target.ratioAtMost(1.02));
            bench.report.add(ITEM1, "CPU time per request, Shift's own threads", "µs", sb.shiftThreadsMicrosPerRequest(),
                    sb.cpuMillisPerRequest() * 1000, "the whole JVM with Shift", Target.none());
            bench.report.add(ITEM1, "p50 latency, open loop", "ms", ms(Stats.percentile(sb.latencies(), 50)),
                    ms(Stats.percentile(baseline, 50)), base, Target.ratioAtMost(1.02));
            bench.report.add(ITEM1, "p99 latency, open loop", "ms", ms(Stats.percentile(sb.latencies(), 99)),
                    ms(Stats.percentile(baseline, 99)), base, Target.ratioAtMost(1.03));
            bench.report.note(ITEM1, String.format(Locale.ROOT, "Method: three shops (same jar, same data, same JVM "
                    + "flags): A and C without agent (the baseline; C against A is what the method shows between two "
                    + "identical shops), B with `-javaagent:shift-agent.jar` in phase 1, loaded at the same time on the "
                    + "same schedule, so the machine's noise falls on all alike. Open loop: shopper iterations (browse → "
                    + "add to cart → cart → remove → order history over the JSON API) start at a fixed rate, %.0f "
                    + "requests/s per shop (a fifth of what A served alone in a %d s closed-loop warm-up of %d "
                    + "shoppers), spread over %d logged-in shoppers per shop; an iteration's first request is timed "
                    + "from when it was due. CPU: user + system time of each whole JVM (`/proc/<pid>/stat`) over the "
                    + "slice, per request; Shift's own threads (`shift-*`, the SDK's connection reaper) from "
                    + "`/proc/<pid>/task`. %d rounds of %d s; CPU-per-request ratio B/mean(A, C) per round from %.3f× "
                    + "to %.3f× (median %.3f×, the figure), control C/A from %.3f× to %.3f× (median %.3f×). Errors: "
                    + "%d, %d and %d (A, B, C). Shift's threads, CPU ms over all rounds: %s. Per round (B against A "
                    + "and C):%s",
                    requestsPerSecond, warmUp.toSeconds(), threads, users, rounds, slice.toSeconds(), cpuRatios[0],
                    cpuRatios[rounds - 1], median, controlRatios[0], controlRatios[rounds - 1],
                    Stats.median(controlRatios), sa.errors(), sb.errors(), sc.errors(), threadCpu(sb), perRound));

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
        // A start varies by ±0.2 s on a shared 2-core machine; seven alternated pairs keep the median steady.
        int pairs = bench.size(7, 1);
        List<Double> plain = new ArrayList<>();
        List<Double> shift = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        premain.clear();
        if (!bench.quick) {
            // One untimed start of each first: the OS caches the jars, Shift creates its table.
            startOnce(null);
            startOnce(bench.agentOptions("startup", 1));
        }
        for (int i = 0; i < pairs; i++) {
            plain.add(startOnce(null));
            shift.add(startOnce(bench.agentOptions("startup", 1)));
            // The jar attached with Shift switched off: what the JVM's agent machinery and option parsing cost alone.
            Map<String, String> switchedOff = new java.util.LinkedHashMap<>(bench.agentOptions("startup", 1));
            switchedOff.put("enabled", "false");
            off.add(startOnce(switchedOff));
        }
        double a = Stats.median(plain.stream().mapToDouble(Double::doubleValue).toArray());
        double b = Stats.median(shift.stream().mapToDouble(Double::doubleValue).toArray());
        double c = Stats.median(off.stream().mapToDouble(Double::doubleValue).toArray());
        bench.report.add(ITEM6, "JVM start → first cart page served", "s", b, a, "no agent", Target.extraAtMost(0.3, "s"));
        bench.report.add(ITEM6, "the same, agent jar attached with enabled=false", "s", c, a, "no agent", Target.none());
        bench.report.note(ITEM6, "Start-up: median of " + pairs + " alternated starts each (in a full run after one untimed "
                + "start of each), from starting the `java` process until a logged-in `GET /api/cart` (a migrated table, so "
                + "Shift's starting gate must be open) answers 200. Without: " + plain + " s; with Shift: " + shift
                + " s; with the jar attached and Shift switched off: " + off + " s. In the application's main thread "
                + "(the agent's own log, `premain`): " + premain + ". Heap: `jcmd GC.run` then `GC.heap_info` on both "
                + "shops after the load of item 1 (-Xmx512m, G1).");
        if (Files.isExecutable(ShopLaunch.JDK25.resolve("bin/java"))) {
            startUpOn(ShopLaunch.JDK25, "25", pairs);
        }
    }

    /** The same start-up comparison on another JDK (the shop and the agent jar as built, run there). */
    private void startUpOn(Path javaHome, String version, int pairs) throws Exception {
        List<Double> plain = new ArrayList<>();
        List<Double> shift = new ArrayList<>();
        if (!bench.quick) {
            startOnce(null, javaHome);
            startOnce(bench.agentOptions("startup", 1), javaHome);
        }
        for (int i = 0; i < pairs; i++) {
            plain.add(startOnce(null, javaHome));
            shift.add(startOnce(bench.agentOptions("startup", 1), javaHome));
        }
        double a = Stats.median(plain.stream().mapToDouble(Double::doubleValue).toArray());
        double b = Stats.median(shift.stream().mapToDouble(Double::doubleValue).toArray());
        bench.report.add(ITEM6, "JVM start → first cart page served, JDK " + version, "s", b, a, "no agent, JDK " + version,
                Target.extraAtMost(0.3, "s"));
        bench.report.note(ITEM6, "JDK " + version + " (" + javaHome + "): without " + plain + " s; with Shift " + shift
                + " s.");
    }

    private static final Pattern PREMAIN = Pattern.compile("set up in (\\d+) ms, starting gate in (\\d+) ms");
    /** What each start with Shift spent in premain, from its log: "interception + starting gate" in ms. */
    private final List<String> premain = new ArrayList<>();

    /** Seconds from starting the shop's JVM (with these agent options, or none) to its first cart page. */
    private double startOnce(Map<String, String> agentOptions) throws Exception {
        return startOnce(agentOptions, ShopLaunch.JDK17);
    }

    private double startOnce(Map<String, String> agentOptions, Path javaHome) throws Exception {
        ShopLaunch launch = bench.shop("bench_pass_a", agentOptions, agentOptions == null ? "startup-plain"
                : "false".equals(agentOptions.get("enabled")) ? "startup-off" : "startup-shift").javaHome(javaHome);
        try (ShopStart s = ShopStart.start(launch)) {
            String url = s.awaitShop(Duration.ofSeconds(60));
            ShopClient c = new ShopClient(url);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (c.login(Bench.shopper(0), "password").status() == 200 && c.cart().status() == 200) {
                        double seconds = (System.nanoTime() - s.startedNanos()) / 1e9;
                        Matcher m = PREMAIN.matcher(Files.readString(s.log()));
                        if (m.find()) {
                            premain.add(m.group(1) + " + " + m.group(2) + " ms");
                        }
                        return seconds;
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

    private static String threadCpu(OpenLoop.Slice s) {
        StringBuilder out = new StringBuilder();
        s.shiftThreadsCpu().forEach((name, cpu) -> out.append(out.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", name, cpu * 1000)));
        return out.toString();
    }

    private static OpenLoop.Slice mergeOpen(List<OpenLoop.Slice> slices) {
        long req = 0;
        long err = 0;
        double secs = 0;
        double cpu = 0;
        java.util.Map<String, Double> shiftCpu = new java.util.TreeMap<>();
        List<long[]> lat = new ArrayList<>();
        for (OpenLoop.Slice s : slices) {
            req += s.requests();
            err += s.errors();
            secs += s.seconds();
            cpu += s.cpuSeconds();
            s.shiftThreadsCpu().forEach((name, seconds) -> shiftCpu.merge(name, seconds, Double::sum));
            lat.add(s.latencies());
        }
        return new OpenLoop.Slice(req, err, secs, cpu, shiftCpu, Stats.concat(lat));
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
