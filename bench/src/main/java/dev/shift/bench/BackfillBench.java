package dev.shift.bench;

import dev.shift.it.harness.Folders;
import dev.shift.it.harness.ShopLaunch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Items 4 and 5: {@code shift-agent.jar backfill} and {@code verify} (the operator's CLI, own JVM, own reported
 * duration) against raw loaders of the same items in this JVM: keyset reads of the same MySQL rows in chunks of 500
 * on {@code --threads} workers, then BatchWriteItem (25 per call) of the items backfill produced, or BatchGetItem
 * (100 per call) + compare and a parallel Scan for the reverse direction.
 */
final class BackfillBench {

    private static final String ITEM4 = "4 backfill";
    private static final String ITEM5 = "5 verify";
    private static final String DB = "bench_bf";
    /** Rows per chunk, for Shift (--chunk) and the raw loaders alike; small enough that the tables split into segments. */
    private static final int CHUNK = 100;
    private static final Pattern BACKFILL = Pattern.compile("backfill complete in ([\\d.]+) s");
    private static final Pattern VERIFY = Pattern.compile("verify: (\\d+) rows and (\\d+) items compared in ([\\d.]+) s");

    private final Bench bench;
    private final DynamoDbClient ddb;
    /** "O"+order id or "C"+user/product → the item backfill wrote. */
    private final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
    private Path itemsFile;

    BackfillBench(Bench bench) {
        this.bench = bench;
        this.ddb = bench.dynamoClient(null);
    }

    void run(boolean backfill, boolean verify) throws Exception {
        int users = bench.size(2500, 40);
        // About 20 s a run: the JVM's warm-up (JIT compiling the SDK's and the JDBC driver's paths, on the same two
        // cores as both servers) is then a few percent of the run, as in an operator's backfill of real tables; on a
        // third of this data it was a quarter of a 7 s run, and the figure mostly compared warm-ups.
        int orders = bench.size(60000, 250);
        bench.setUpShopData(DB, users, orders);
        try (Connection c = bench.jdbc(DB); var st = c.createStatement()) {
            // the agent creates its outbox in phase 2, where backfill runs: its default mode reads it for every chunk
            st.execute(dev.shift.agent.outbox.Outbox.createTableSql(dev.shift.agent.outbox.Outbox.DEFAULT_TABLE));
        }
        long rows = count("orders") + count("order_items") + count("shopping_carts");
        int[] threads = bench.quick ? new int[] {2} : new int[] {1, 2, 4};
        String stamp = String.valueOf(System.currentTimeMillis());
        String reference = "Bench_bf_ref_" + stamp;
        double refSecs = backfillInto(reference, 4, false).secs();
        loadItems(reference);
        Path itemsFile = bench.out("backfill").resolve("items.json");
        ItemsFile.write(itemsFile, items);
        this.itemsFile = itemsFile;
        bench.report.note(ITEM4, String.format(Locale.ROOT, "Data: `--generate-history users=%d,orders=%d`: %d MySQL rows "
                + "(orders, order lines, cart lines) → %d items. Shift: `java -jar shift-agent.jar backfill --threads N` "
                + "(its own printed duration, JVM start excluded) into a fresh table each run (created beforehand, as the raw "
                + "loader's is), default mode (each chunk read with shared row locks taken without waiting, the outbox "
                + "read, then BatchWriteItem; an empty outbox, as when the application is idle) and `--no-live-writes` "
                + "(a snapshot read without locks, then BatchWriteItem). "
                + "Raw loader (a fresh JVM too, its own timer, like the CLI): N workers, keyset chunks of %d rows (orders split by id modulo N, lines by order id, "
                + "carts by user), BatchWriteItem of backfill's own items, unprocessed items retried. Both use chunks "
                + "of %d rows (`--chunk %d`): backfill splits a table into `--threads` segments only from 2 chunks of "
                + "rows on. Reference run (the table verify reads) %.1f s.", users, orders, rows, items.size(), CHUNK,
                CHUNK, CHUNK, refSecs));
        int rounds = bench.size(3, 1);
        double n = items.size();
        for (int t : threads) {
            Rounds live = new Rounds(rounds);
            Rounds bulk = new Rounds(rounds);
            Rounds check = new Rounds(rounds);
            double rowsCompared = 0;
            for (int r = 0; r < rounds; r++) {
                String suffix = t + "_" + r + "_" + stamp;
                if (backfill) {
                    Timed shiftLive = backfill("Bench_bf_live_" + suffix, t, false);
                    Timed shiftBulk = backfill("Bench_bf_bulk_" + suffix, t, true);
                    Timed raw = rawLoad("Bench_bf_raw_" + suffix, t);
                    live.add(n / shiftLive.secs(), n / raw.secs());
                    bulk.add(n / shiftBulk.secs(), n / raw.secs());
                    if (t == threads[0] && r == 0) {   // the bill depends neither on the threads nor on the round
                        capacityUnits(shiftLive, shiftBulk, raw);
                    }
                    for (String table : List.of("Bench_bf_live_", "Bench_bf_bulk_", "Bench_bf_raw_")) {
                        ddb.deleteTable(d -> d.tableName(table + suffix));   // dynalite keeps every table in memory
                    }
                }
                if (verify) {
                    double[] v = verifySecs(reference, t);
                    Timed raw = raw("verify", reference, t);
                    // Rows as verify counts them (a row of a table that has its own items; embedded order lines are
                    // read by both but not counted), for both sides.
                    rowsCompared = v[0];
                    check.add(v[0] / v[1], v[0] / raw.secs());
                    if (t == threads[0] && r == 0) {
                        bench.report.add(ITEM5, "verify: read capacity units per row", "RCU", v[2] / v[0],
                                raw.readUnits() / v[0], "raw (its Scan eventually consistent)", Target.none());
                    }
                }
            }
            String median = " (median of " + rounds + " rounds)";
            if (backfill) {
                live.report(ITEM4, "backfill --threads " + t + median, "items/s", "raw BatchWriteItem");
                bulk.report(ITEM4, "backfill --threads " + t + " --no-live-writes" + median, "items/s", "raw BatchWriteItem");
            }
            if (verify && rowsCompared > 0) {
                check.report(ITEM5, "verify --threads " + t + median, "rows/s", "raw keyset + BatchGetItem");
            }
        }
        if (verify) {
            bench.report.note(ITEM5, "Shift: `java -jar shift-agent.jar verify --threads N` over the reference table "
                    + "(its own printed duration and row count). Raw (a fresh JVM, its own timer): N workers, the same keyset chunks of MySQL rows, "
                    + "BatchGetItem of their items (100 keys per call), a field-by-field compare of the attributes, and "
                    + "a parallel Scan (N segments) counting the table's items for the reverse direction.");
        }
    }

    private void capacityUnits(Timed live, Timed bulk, Timed raw) {
        double n = items.size();
        bench.report.add(ITEM4, "backfill: capacity units per item (read + write)", "CU",
                (live.readUnits() + live.writeUnits()) / n, raw.writeUnits() / n, "raw BatchWriteItem", Target.none());
        bench.report.add(ITEM4, "backfill --no-live-writes: capacity units per item", "CU",
                (bulk.readUnits() + bulk.writeUnits()) / n, raw.writeUnits() / n, "raw BatchWriteItem", Target.none());
        bench.report.note(ITEM4, String.format(Locale.ROOT, "Capacity units as DynamoDB reported them "
                + "(ReturnConsumedCapacity), %d items: Shift %.1f read + %.1f written, with "
                + "--no-live-writes %.1f read + %.1f written; raw loader %.1f written (it reads nothing).",
                items.size(), live.readUnits(), live.writeUnits(), bulk.readUnits(), bulk.writeUnits(),
                raw.writeUnits()));
    }

    /**
     * Rates of Shift and of its raw baseline, one pair per round (the two run one after the other, so the machine's
     * noise of the moment falls on both): the row shows the round whose ratio is the median, the note every round's.
     */
    private final class Rounds {
        private final double[] shift;
        private final double[] raw;
        private int size;

        Rounds(int rounds) {
            shift = new double[rounds];
            raw = new double[rounds];
        }

        void add(double shiftRate, double rawRate) {
            shift[size] = shiftRate;
            raw[size] = rawRate;
            size++;
        }

        void report(String item, String metric, String unit, String baseline) {
            double[] ratios = new double[size];
            for (int i = 0; i < size; i++) {
                ratios[i] = shift[i] / raw[i];
            }
            int m = Stats.medianIndex(ratios);
            bench.report.add(item, metric, unit, shift[m], raw[m], baseline, Target.ratioAtLeast(0.9));
            StringBuilder rounds = new StringBuilder();
            for (int i = 0; i < size; i++) {
                rounds.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f / %.0f (%.2f×)", shift[i],
                        raw[i], shift[i] / raw[i]));
            }
            bench.report.note(item, metric + ", per round, Shift / raw " + unit + ": " + rounds + ".");
        }
    }

    private long count(String table) throws Exception {
        try (Connection c = bench.jdbc(DB); var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ Shift's CLI

    private String cli(String command, String table, int threads, String... extra) throws Exception {
        Path dir = bench.out("backfill");
        Files.createDirectories(dir);
        Path checkpoints = dir.resolve("checkpoints-" + table);
        Folders.deleteRecursively(checkpoints);
        List<String> cmd = new ArrayList<>(List.of(ShopLaunch.JDK17.resolve("bin/java").toString()));
        cmd.addAll(Bench.recording(dir, command + "-" + table + "-" + threads));
        cmd.addAll(List.of("-jar", bench.agentJar().toString(), command, "--jdbc-url", bench.mysql.jdbcUrl(DB), "--db-user", bench.mysql.user(),
                "--db-password", bench.mysql.password(), "--dynamodb-endpoint", bench.dynamo.endpoint().toString(),
                "--dynamodb-region", bench.dynamo.region(), "--table", table, "--threads", String.valueOf(threads),
                "--chunk", String.valueOf(CHUNK), "--no-progress"));
        if (command.equals("backfill")) {
            cmd.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
        } else {
            cmd.addAll(List.of("--out", dir.resolve("verify-" + table + "-" + threads + ".jsonl").toString()));
        }
        cmd.addAll(List.of(extra));
        Path log = dir.resolve(command + "-" + table + "-" + threads + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", bench.dynamo.accessKeyId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", bench.dynamo.secretAccessKey());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 5 minutes; see " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /**
     * The table exists before Shift's run, as the raw loader's does: in a migration the agent created it when it
     * started, long before the backfill. A fresh table is created by the run itself only for the reference run.
     */
    private Timed backfill(String table, int threads, boolean bulk) throws Exception {
        RawOps.createTable(ddb, table);
        ddb.waiter().waitUntilTableExists(r -> r.tableName(table));
        return backfillInto(table, threads, bulk);
    }

    private Timed backfillInto(String table, int threads, boolean bulk) throws Exception {
        String out = bulk ? cli("backfill", table, threads, "--no-live-writes") : cli("backfill", table, threads);
        Matcher m = BACKFILL.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no duration in backfill's output:\n" + out);
        }
        return Timed.of(Double.parseDouble(m.group(1)), out);
    }

    /** {rows compared, seconds, read capacity units}. */
    private double[] verifySecs(String table, int threads) throws Exception {
        String out = cli("verify", table, threads);
        Matcher m = VERIFY.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no summary in verify's output:\n" + out);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3)),
                Timed.of(0, out).readUnits()};
    }

    // ------------------------------------------------------------------ raw baselines

    private static final Pattern RAW = Pattern.compile("raw \\w+ (\\d+) rows in ([\\d.]+) s");
    private static final Pattern UNITS = Pattern.compile("capacity units read ([\\d.]+)(?:, written ([\\d.]+))?");

    /** A run's own duration and the capacity units DynamoDB reported for it. */
    record Timed(double secs, double readUnits, double writeUnits) {
        static Timed of(double secs, String output) {
            Matcher u = UNITS.matcher(output);
            if (!u.find()) {
                throw new IllegalStateException("no capacity units in:\n" + output);
            }
            return new Timed(secs, Double.parseDouble(u.group(1)), u.group(2) == null ? 0 : Double.parseDouble(u.group(2)));
        }
    }

    /** The raw loader into a table created beforehand, as Shift's is. */
    private Timed rawLoad(String table, int threads) throws Exception {
        RawOps.createTable(ddb, table);
        ddb.waiter().waitUntilTableExists(r -> r.tableName(table));
        return raw("load", table, threads);
    }

    /**
     * A raw baseline in a fresh JVM, like the CLI: its own timed duration (JVM start and client construction excluded,
     * its first call included, as in Shift's).
     */
    private Timed raw(String mode, String table, int threads) throws Exception {
        Path dir = bench.out("backfill");
        Path out = dir.resolve("raw-" + mode + "-" + table + "-" + threads + ".txt");
        Path log = dir.resolve("raw-" + mode + "-" + table + "-" + threads + ".log");
        // it holds every item in memory (the items it writes, or the ones it compares against)
        List<String> cmd = new ArrayList<>(List.of(ShopLaunch.JDK17.resolve("bin/java").toString(), "-Xmx2g"));
        cmd.addAll(Bench.recording(dir, "raw-" + mode + "-" + table + "-" + threads));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RawLoaderMain.class.getName(), "--mode", mode,
                "--items", itemsFile.toString(), "--jdbc", bench.mysql.jdbcUrl(DB), "--user", bench.mysql.user(),
                "--password", bench.mysql.password(), "--dynamo", bench.dynamo.endpoint().toString(),
                "--region", bench.dynamo.region(), "--table", table, "--threads", String.valueOf(threads),
                "--chunk", String.valueOf(CHUNK), "--out", out.toString()));
        String output = bench.runHelper("raw " + mode, cmd, log, out);
        Matcher m = RAW.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("raw " + mode + ": no duration in " + out);
        }
        return Timed.of(Double.parseDouble(m.group(2)), output);
    }

    /** Backfill's items, by the row they come from (the loader writes exactly these). */
    private void loadItems(String table) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = ddb.scan(s -> s.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                String key = RawLoaders.rowKey(item);
                if (key != null) {
                    items.put(key, item);
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
