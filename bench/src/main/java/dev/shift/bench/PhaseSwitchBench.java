package dev.shift.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.ShopStart;
import dev.shift.it.harness.ShopClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 7: from the admin call that switches the phase until an instance reports the new phase on
 * {@code GET /api/migration/status} (polled every 2 ms). The file flag store (one instance: the instance that took
 * the call) and the DynamoDB flag store (two instances on one database and one control table: the other instance,
 * which learns it by polling the store).
 */
final class PhaseSwitchBench {

    private static final String ITEM = "7 phase switch";

    private final Bench bench;

    PhaseSwitchBench(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        int switches = bench.size(8, 3);
        bench.setUpShopData("bench_switch", 2, 2);
        // The baseline: a plain admin API round trip (GET status) on the same instance.
        try (ShopStart a = ShopStart.start(bench.shop("bench_switch", bench.agentOptions("switch-file", 1), "switch-file"))) {
            a.awaitShop(Duration.ofSeconds(60));
            AdminClient admin = new AdminClient(a.awaitAdmin(Duration.ofSeconds(60)), null);
            double base = statusRoundTripMs(admin, 20);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < switches; i++) {
                int phase = i % 2 == 0 ? 2 : 1;
                times.add(switchMs(admin, admin, phase));
            }
            bench.report.add(ITEM, "file store: call → instance applied", "ms", median(times), base,
                    "GET status round trip", Target.none());
            bench.report.note(ITEM, "File store, " + switches + " switches 1↔2: " + fmt(times) + " ms.");
        }
        int pollMs = 1000;
        Map<String, String> oa = bench.agentOptions("switch-ddb-a", 1);
        Map<String, String> ob = bench.agentOptions("switch-ddb-b", 1);
        String control = "bench-control-" + System.currentTimeMillis();
        for (Map<String, String> o : List.of(oa, ob)) {
            o.put("dynamodb.table", "Bench_switch_fleet");
            o.put("flagstore", "dynamodb");
            o.put("flagstore.table", control);
            o.put("flagstore.endpoint", bench.dynamo.endpoint().toString());
            o.put("flagstore.region", bench.dynamo.region());
            o.put("flagstore.poll-ms", String.valueOf(pollMs));
        }
        try (ShopStart a = ShopStart.start(bench.shop("bench_switch", oa, "switch-ddb-a"))) {
            a.awaitShop(Duration.ofSeconds(60));
            AdminClient adminA = new AdminClient(a.awaitAdmin(Duration.ofSeconds(60)), null);
            try (ShopStart b = ShopStart.start(bench.shop("bench_switch", ob, "switch-ddb-b"))) {
                b.awaitShop(Duration.ofSeconds(60));
                AdminClient adminB = new AdminClient(b.awaitAdmin(Duration.ofSeconds(60)), null);
                List<Double> self = new ArrayList<>();
                List<Double> other = new ArrayList<>();
                for (int i = 0; i < switches; i++) {
                    int phase = i % 2 == 0 ? 2 : 1;
                    long t0 = System.nanoTime();
                    adminA.switchToPhase(phase).expect(200);
                    self.add(untilPhase(adminA, phase, t0));
                    other.add(untilPhase(adminB, phase, t0));
                    Thread.sleep(137 * (i + 1) % pollMs);   // land the next switch at another point of B's poll cycle
                }
                bench.report.add(ITEM, "DynamoDB store: call → same instance", "ms", median(self), pollMs,
                        "poll interval", Target.none());
                bench.report.add(ITEM, "DynamoDB store: call → other instance", "ms", median(other), pollMs,
                        "poll interval", Target.none());
                bench.report.note(ITEM, String.format(Locale.ROOT, "DynamoDB flag store, two shops, `flagstore.poll-ms=%d` "
                        + "(the default), %d switches 1↔2 on instance A: A applied after %s ms; B after %s ms (max %.0f). "
                        + "Expected for B: up to one poll interval plus a GetItem.", pollMs, switches, fmt(self), fmt(other),
                        other.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
            }
        }
    }

    private static double switchMs(AdminClient caller, AdminClient observer, int phase) throws Exception {
        long t0 = System.nanoTime();
        caller.switchToPhase(phase).expect(200);
        return untilPhase(observer, phase, t0);
    }

    private static double untilPhase(AdminClient admin, int phase, long t0) throws Exception {
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ShopClient.Response r = admin.status();
            if (r.status() == 200 && ((Number) JSON.std.mapFrom(r.body()).get("phase")).intValue() == phase) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("phase " + phase + " not applied within 30 s");
    }

    private static double statusRoundTripMs(AdminClient admin, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            admin.status().expect(200);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Stats.median(t);
    }

    private static double median(List<Double> values) {
        return Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(Report::number).toList().toString();
    }
}
