package dev.shift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code scripts/bench [--quick] [--only 1,2,…] [--results DIR]}: runs the benchmarks of issue 8, prints the table
 * and writes {@code latest.md} and {@code latest.json} to the results folder. A benchmark that fails is reported
 * (and the exit code is 1); the others still run.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<Integer> only = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7));
        Path results = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    only.clear();
                    for (String s : args[++i].split(",")) {
                        only.add(Integer.parseInt(s.trim()));
                    }
                }
                case "--results" -> results = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: BenchMain [--quick] [--only 1,2,...] [--results DIR]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        Report report = new Report();
        machine(report, quick);
        Bench bench = new Bench(quick, report);
        int failures = 0;
        if (only.contains(1) || only.contains(6)) {
            failures += section("1+6 pass-through, start-up, footprint", report, () -> new PassThroughBench(bench).run());
        }
        if (only.contains(2)) {
            failures += section("2 statement cost", report, () -> new StatementCostBench(bench).run());
        }
        if (only.contains(3)) {
            failures += section("3 DynamoDB round trips", report, () -> new RoundTripBench(bench).run());
        }
        if (only.contains(4) || only.contains(5)) {
            failures += section("4+5 backfill, verify", report, () -> new BackfillBench(bench).run(only.contains(4), only.contains(5)));
        }
        if (only.contains(7)) {
            failures += section("7 phase switch", report, () -> new PhaseSwitchBench(bench).run());
        }
        Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            report.machine("load average at end", String.join(" ",
                    java.util.Arrays.asList(Files.readString(loadavg).trim().split(" ")).subList(0, 3)));
        }
        report.machine("suite wall time", Math.round((System.nanoTime() - started) / 1e9) + " s");
        System.out.println();
        System.out.println(report.table());
        report.write(results, "Shift benchmarks" + (quick ? " (--quick)" : ""));
        System.out.println("Written: " + results.resolve("latest.md") + " and latest.json");
        System.exit(failures == 0 ? 0 : 1);
    }

    interface Section {
        void run() throws Exception;
    }

    private static int section(String name, Report report, Section s) {
        long t0 = System.nanoTime();
        System.out.println("== " + name + " ...");
        try {
            s.run();
            System.out.printf("== %s: %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            report.note("failures", name + " failed: " + e);
            return 1;
        }
    }

    private static void machine(Report report, boolean quick) throws IOException {
        report.machine("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.machine("mode", quick ? "--quick (smoke run: small loads, numbers indicative only)" : "full");
        String cpu = "?";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        }
        report.machine("cpu", Runtime.getRuntime().availableProcessors() + " × " + cpu);
        String mem = "?";
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            mem = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0) + " GiB").findFirst().orElse("?");
        }
        report.machine("memory", mem);
        report.machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.machine("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            report.machine("load average at start (1/5/15 min; other builds share the machine)",
                    String.join(" ", java.util.Arrays.asList(Files.readString(loadavg).trim().split(" ")).subList(0, 3)));
        }
        if (System.getenv("BENCH_GIT") != null) {
            report.machine("code", "commit " + System.getenv("BENCH_GIT"));
        }
        report.machine("servers", "MariaDB (Debian's mariadbd) and dynalite (Node.js), private, on loopback, same machine");
    }
}
