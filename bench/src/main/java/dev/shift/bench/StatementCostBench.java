package dev.shift.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Item 2: runs {@link StatementCost} with JMH (one fork) and reports ns per statement. */
final class StatementCostBench {

    private static final String ITEM = "2 statement cost (JMH)";

    private final Bench bench;

    StatementCostBench(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Options opt = new OptionsBuilder()
                .include(StatementCost.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(bench.size(3, 1))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(bench.size(5, 2))
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xmx512m")
                .addProfiler(org.openjdk.jmh.profile.GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        Map<String, double[]> byName = new HashMap<>();
        Map<String, Double> bytes = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            byName.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
            org.openjdk.jmh.results.Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                bytes.put(name, alloc.getScore());
            }
        }
        double map = byName.get("baselineMapHit")[0];
        String base = "HashMap hit";
        bench.report.add(ITEM, "cached statement: plan-cache hit", "ns", byName.get("cachedPlan")[0], map, base,
                Target.atMost(2000, "ns"));
        bench.report.add(ITEM, "cached statement: hit + translate", "ns", byName.get("cachedPlanAndTranslate")[0], map, base,
                Target.atMost(2000, "ns"));
        bench.report.add(ITEM, "cached statement: plan-cache hit, allocated", "B", bytes.getOrDefault("cachedPlan", -1.0),
                bytes.getOrDefault("baselineMapHit", -1.0), base, Target.atMost(64, "B"));
        bench.report.add(ITEM, "cached statement: hit + translate, allocated", "B",
                bytes.getOrDefault("cachedPlanAndTranslate", -1.0), bytes.getOrDefault("baselineMapHit", -1.0), base,
                Target.none());
        bench.report.add(ITEM, "first (uncached) parse + plan", "ns", byName.get("firstParse")[0], map, base,
                Target.none());
        StringBuilder sb = new StringBuilder("JMH 1.37, 1 fork, average time per statement over the shop's "
                + StatementCost.STATEMENTS.length + " statements in turn (docs/shop-sql.md + one products query). Scores ± 99.9% error:");
        byName.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.1f ± %.1f ns, %.0f B allocated;", k, v[0],
                v[1], bytes.getOrDefault(k, -1.0))));
        sb.append(" The route stage proper (one volatile read of the flags and a type test) is not in the JMH figure; "
                + "it is inside item 1's end-to-end measure.");
        bench.report.note(ITEM, sb.toString());
        StringBuilder per = new StringBuilder("Hit + translate per statement (plain timed loop in this JVM, not JMH; "
                + "indicative; bytes by the thread's allocation counter):\n\n| statement | ns | B allocated |\n|---|---|---|\n");
        StatementCost.perStatement(bench.size(20_000, 5_000)).forEach((sql, v) -> per.append("| `")
                .append(sql.length() > 90 ? sql.substring(0, 87) + "..." : sql).append("` | ")
                .append(Report.number(v[0])).append(" | ").append(Report.number(v[1])).append(" |\n"));
        bench.report.note(ITEM, per.toString());
    }
}
