package dev.shift.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.ShopLaunch;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Item 3: for phases 5, 2 and 4, the same request mix ({@link MixDriver#MIX}) through the shop's DAOs with Shift
 * attached, and through {@link RawOps} without Shift; DynamoDB calls counted by a {@link CountingProxy}, time per
 * operation measured around the call. Each run in a fresh JVM and a fresh DynamoDB table.
 */
final class RoundTripBench {

    private static final String ITEM = "3 DynamoDB round trips";
    private static final String DB = "bench_rt";

    private final Bench bench;

    RoundTripBench(Bench bench) {
        this.bench = bench;
    }

    record Run(int iterations, Map<String, Map<String, Long>> calls, Map<String, List<Number>> nanos,
               Map<String, Number> serverNanos, Map<String, Number> capacityUnits) {
        long calls(String op) {
            return calls.getOrDefault(op, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        /** The calls Shift marks as made for correctness (a GSI hit read again, the reverse log, a locking read). */
        long checks(String op) {
            return calls.getOrDefault(op, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().contains(CountingProxy.FOR_CORRECTNESS)).mapToLong(Map.Entry::getValue).sum();
        }

        String apis(String op) {
            return calls.getOrDefault(op, Map.of()).entrySet().stream().map(e -> Report.number(e.getValue() / (double) iterations) + "×" + e.getKey())
                    .collect(Collectors.joining(" + "));
        }

        double meanMs(String op) {
            return nanos.get(op).stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN) / 1e6;
        }

        /** Mean per operation of the time its calls spent in the DynamoDB server behind the proxy. */
        double serverMs(String op) {
            return serverNanos.getOrDefault(op, 0).doubleValue() / iterations / 1e6;
        }

        /** Capacity units of the operation's calls, per iteration. */
        double units(String op) {
            return capacityUnits.getOrDefault(op, 0).doubleValue() / iterations;
        }

        /** Capacity units per iteration of the measured operations' calls, and of Shift's background calls meanwhile. */
        double[] unitsPerIteration() {
            double statements = 0;
            double background = 0;
            for (String op : MixDriver.MIX.keySet()) {
                statements += units(op);
                background += units(CountingProxy.BACKGROUND_PREFIX + op);
            }
            return new double[] {statements, background};
        }

        /** Time per iteration: the sum of the operations' means. */
        double totalMs() {
            return nanos.keySet().stream().mapToDouble(this::meanMs).sum();
        }
    }

    void run() throws Exception {
        bench.setUpShopData(DB, 4, 10);
        int iterations = bench.size(100, 5);
        int warmUp = bench.size(250, 3);
        int rounds = bench.size(3, 1);
        StringBuilder notes = new StringBuilder("Method: per phase, " + rounds + " rounds, each a run of Shift's side "
                + "then one of the raw side, each run in a fresh JVM (Shift's: the shop's DAOs with `-javaagent`; raw: "
                + "hand-written minimal SDK calls + plain JDBC, see RawOps) and a fresh table: " + warmUp + " iterations "
                + "of the mix below to warm up (the JIT compiles the SDK's and Shift's paths: with 10, as until "
                + "2026-12-04, both sides ran about twice as slow as in steady state and Shift's larger path paid more "
                + "for it), then " + iterations + " measured. Every DynamoDB call of both goes through the same counting "
                + "loopback proxy, which also asks the server for each call's capacity units (ReturnConsumedCapacity: "
                + "dynalite's figures for single-item calls, queries and batches; transactions at DynamoDB's two write "
                + "units per item; index writes counted on neither side). Time = mean per iteration, the sum of the operations' means; the row gives the "
                + "median round's, the tables below the means over all rounds.\n");
        for (int phase : bench.quick ? new int[] {5} : new int[] {5, 2, 4}) {
            List<Run> shiftRuns = new ArrayList<>();
            List<Run> rawRuns = new ArrayList<>();
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                bench.sql(DB, "DELETE FROM shopping_carts");
                shiftRuns.add(child(true, phase, iterations, warmUp, r));
                bench.sql(DB, "DELETE FROM shopping_carts");
                rawRuns.add(child(false, phase, iterations, warmUp, r));
                ratios[r] = shiftRuns.get(r).totalMs() / rawRuns.get(r).totalMs();
            }
            double callsShift = 0;
            double checksShift = 0;
            double callsRaw = 0;
            notes.append("\nPhase ").append(phase).append(" (calls per operation, mean ms; in brackets the part spent "
                    + "waiting for the DynamoDB server, as the proxy timed its calls; capacity units per operation):\n\n")
                    .append("| operation | Shift calls | raw calls | Shift ms | raw ms | Shift CU | raw CU |\n"
                            + "|---|---|---|---|---|---|---|\n");
            Run shift = shiftRuns.get(0);
            Run raw = rawRuns.get(0);
            for (String op : MixDriver.MIX.keySet()) {
                callsShift += shift.calls(op) / (double) iterations;
                checksShift += shift.checks(op) / (double) iterations;
                callsRaw += raw.calls(op) / (double) iterations;
                notes.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%.2f) | %.2f (%.2f) | %.2f | %.2f |%n", op,
                        orDash(shift.apis(op)), orDash(raw.apis(op)), mean(shiftRuns, x -> x.meanMs(op)),
                        mean(shiftRuns, x -> x.serverMs(op)), mean(rawRuns, x -> x.meanMs(op)),
                        mean(rawRuns, x -> x.serverMs(op)), mean(shiftRuns, x -> x.units(op)),
                        mean(rawRuns, x -> x.units(op))));
            }
            bench.report.add(ITEM, "phase " + phase + ": DynamoDB calls / iteration, those made for correctness aside",
                    "calls", callsShift - checksShift, callsRaw, "minimal raw SDK", Target.ratioAtMost(1.0));
            bench.report.add(ITEM, "phase " + phase + ": calls made for correctness / iteration (a GSI hit read again, "
                    + "the reverse log, a locking read)", "calls", checksShift, callsRaw, "minimal raw SDK (for scale)", Target.none());
            bench.report.add(ITEM, "phase " + phase + ": DynamoDB calls / iteration, all", "calls", callsShift, callsRaw,
                    "minimal raw SDK", Target.none());
            Map<String, Long> backgroundApis = new java.util.TreeMap<>();
            for (String op : MixDriver.MIX.keySet()) {
                shift.calls.getOrDefault(CountingProxy.BACKGROUND_PREFIX + op, Map.of())
                        .forEach((api, n) -> backgroundApis.merge(api, n, Long::sum));
            }
            double background = backgroundApis.values().stream().mapToLong(Long::longValue).sum() / (double) iterations;
            bench.report.add(ITEM, "phase " + phase + ": Shift's background calls / iteration", "calls", background,
                    callsRaw, "minimal raw SDK (for scale)", Target.none());
            double[] unitsShift = mean2(shiftRuns);
            double[] unitsRaw = mean2(rawRuns);
            bench.report.add(ITEM, "phase " + phase + ": capacity units / iteration (the bill), statements and "
                    + "Shift's background work", "CU", unitsShift[0] + unitsShift[1], unitsRaw[0] + unitsRaw[1],
                    "minimal raw SDK", Target.none());
            notes.append(String.format(Locale.ROOT, "Capacity units per iteration as the server reported them (mean "
                    + "of the rounds): Shift %.2f for the statements + %.2f for its background work, raw %.2f.%n",
                    unitsShift[0], unitsShift[1], unitsRaw[0] + unitsRaw[1]));
            notes.append(String.format(Locale.ROOT, "%nShift's background work over the first round (its own "
                    + "User-Agent: the reverse sync and the outbox, not counted above): %s per iteration.%n",
                    orDash(new Run(iterations, Map.of("all", backgroundApis), Map.of(), Map.of(), Map.of()).apis("all"))));
            int median = Stats.medianIndex(ratios);
            notes.append(String.format(Locale.ROOT, "Time per round, Shift / raw: %s.%n", java.util.stream.IntStream
                    .range(0, rounds).mapToObj(r -> String.format(Locale.ROOT, "%.1f / %.1f ms (%.2f×)",
                            shiftRuns.get(r).totalMs(), rawRuns.get(r).totalMs(), ratios[r]))
                    .collect(Collectors.joining(", "))));
            bench.report.add(ITEM, "phase " + phase + ": time / iteration (median of " + rounds + " rounds)", "ms",
                    shiftRuns.get(median).totalMs(), rawRuns.get(median).totalMs(), "minimal raw SDK",
                    Target.ratioAtMost(1.10));
        }
        bench.report.note(ITEM, notes.toString());
    }

    /** {statements, background} capacity units per iteration, mean over the runs. */
    private static double[] mean2(List<Run> runs) {
        return new double[] {mean(runs, r -> r.unitsPerIteration()[0]), mean(runs, r -> r.unitsPerIteration()[1])};
    }

    private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "0" : s;
    }

    @SuppressWarnings("unchecked")
    private Run child(boolean shift, int phase, int iterations, int warmUp, int round) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String name = (shift ? "shift" : "raw") + "-p" + phase + "-r" + round;
        Path dir = bench.out("roundtrip");
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".log");
        String table = (shift ? "Bench_rt_" : "Raw_rt_") + phase + "_" + System.currentTimeMillis();
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("shift-agent")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(ShopLaunch.JDK17.resolve("bin/java").toString(), "-Xmx512m"));
        cmd.addAll(Bench.recording(dir, name));
        if (shift) {
            Map<String, String> o = bench.agentOptions(name, phase);
            o.put("dynamodb.endpoint", "http://127.0.0.1:" + port);
            o.put("dynamodb.table", table);
            cmd.add("-javaagent:" + bench.agentJar() + "=" + o.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        cmd.addAll(List.of("-cp", classpath, MixDriver.class.getName(), "--mode", shift ? "shift" : "raw",
                "--phase", String.valueOf(phase), "--jdbc", bench.mysql.jdbcUrl(DB), "--user", bench.mysql.user(),
                "--password", bench.mysql.password(), "--dynamo", bench.dynamo.endpoint().toString(),
                "--region", bench.dynamo.region(), "--table", table, "--proxy-port", String.valueOf(port),
                "--users", "5,6,7,8", "--iterations", String.valueOf(iterations), "--warmup", String.valueOf(warmUp),
                "--out", out.toString()));
        Map<String, Object> m = JSON.std.mapFrom(bench.runHelper(name, cmd, log, out));
        Map<String, Map<String, Long>> calls = new java.util.TreeMap<>();
        ((Map<String, Map<String, Number>>) m.get("calls")).forEach((label, ops) -> {
            Map<String, Long> c = new java.util.TreeMap<>();
            ops.forEach((k, v) -> c.put(k, v.longValue()));
            calls.put(label, c);
        });
        return new Run(((Number) m.get("iterations")).intValue(), calls, (Map<String, List<Number>>) m.get("nanos"),
                (Map<String, Number>) m.getOrDefault("serverNanos", Map.of()),
                (Map<String, Number>) m.getOrDefault("capacityUnits", Map.of()));
    }
}
