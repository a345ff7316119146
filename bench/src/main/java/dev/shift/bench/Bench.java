package dev.shift.bench;

import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.ShopStart;
import dev.shift.it.harness.Folders;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What every benchmark shares: the run's size, the servers, the jars under test and how to start the shop. */
public final class Bench {

    /** A {@code --quick} run: smaller loads and fewer repetitions, for a smoke test of the suite. */
    public final boolean quick;
    public final Report report;
    public final MariaDbServer mysql;
    public final DynamoDbServer dynamo;

    Bench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
        this.mysql = TestServers.mariaDb();
        this.dynamo = TestServers.dynamoDb();
    }

    /** {@code full} in a full run, {@code quick} in a quick one. */
    public int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    public Path agentJar() {
        return Artifacts.agentJar();
    }

    public Path out(String name) {
        return Artifacts.outputDir("bench-" + name);
    }

    /** A fresh database. */
    public String freshDatabase(String name) {
        mysql.dropDatabase(name);
        mysql.createDatabase(name);
        return mysql.jdbcUrl(name);
    }

    public Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(database), mysql.user(), mysql.password());
    }

    public void sql(String database, String... statements) throws SQLException {
        try (Connection c = jdbc(database); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** A plain SDK client for the DynamoDB-compatible server, optionally through another endpoint (the counting proxy). */
    public DynamoDbClient dynamoClient(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint == null ? dynamo.endpoint() : endpoint)
                .region(Region.of(dynamo.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(dynamo.accessKeyId(), dynamo.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** Shift's options for one shop: its own table and state folder, a free admin port. */
    public Map<String, String> agentOptions(String name, int phase) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("phase", String.valueOf(phase));
        options.put("dynamodb.endpoint", dynamo.endpoint().toString());
        options.put("dynamodb.region", dynamo.region());
        options.put("dynamodb.table", "Bench_" + name);
        options.put("admin.port", "0");
        Path state = out(name).resolve("state");
        Folders.deleteRecursively(state);
        options.put("state.dir", state.toString());
        return options;
    }

    /** The shop on {@code database}, with Shift ({@code agentOptions} non-null) or without. */
    public ShopLaunch shop(String database, Map<String, String> agentOptions, String logName) {
        ShopLaunch l = ShopLaunch.shop(mysql.jdbcUrl(database))
                .dbUser(mysql.user(), mysql.password())
                .env("AWS_ACCESS_KEY_ID", dynamo.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey())
                .env("AWS_REGION", dynamo.region())
                .logFile(out("logs").resolve(logName + "-" + System.nanoTime() + ".log"));
        if (agentOptions != null) {
            l.withAgent(agentJar(), agentOptions);
        }
        return l;
    }

    /** Creates the shop's schema, seed data and generated shoppers in {@code database} (no Shift attached). */
    public void setUpShopData(String database, int users, int orders) throws Exception {
        freshDatabase(database);
        try (ShopStart s = ShopStart.start(shop(database, null, "setup-" + database)
                .shopArgs("--init-schema", "--seed", "--generate-history",
                        "users=" + users + ",orders=" + orders + ",seed=8", "--setup-only"))) {
            s.awaitExit(Duration.ofMinutes(5));
        }
        // Checkouts in the benchmarks must never run out of stock.
        sql(database, "UPDATE products SET inventory = 100000000");
    }

    /**
     * Runs a helper JVM ({@code cmd}) with the DynamoDB server's credentials, its output to {@code log}, and returns
     * what it wrote to {@code out}; a helper that fails, takes over 5 minutes or writes nothing is an error that
     * quotes the end of its log.
     */
    /**
     * With {@code SHIFT_BENCH_JFR=1} in the environment, every helper JVM (the CLI's, the raw loaders', item 3's mix
     * drivers) records a Flight Recorder profile next to its log ({@code <name>.jfr}): where a run spends its CPU,
     * when a ratio needs explaining.
     */
    static List<String> recording(Path dir, String name) {
        if (!"1".equals(System.getenv("SHIFT_BENCH_JFR"))) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr") + ",settings=profile");
    }

    public String runHelper(String what, List<String> cmd, Path log, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", dynamo.accessKeyId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey());
        pb.environment().put("AWS_REGION", dynamo.region());
        Files.deleteIfExists(out);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.exists(out)) {
            p.destroyForcibly();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IllegalStateException(what + " failed; see " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        return Files.readString(out);
    }

    /** User names of the generated shoppers (ids 5..), password {@code password}. */
    public static String shopper(int i) {
        return "shopper" + (5 + i);
    }
}
