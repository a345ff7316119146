package dev.shift.it.harness;

import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The system under test as an operator runs it: the legacy shop jar in its own JVM with Shift's agent
 * jar attached, a private MySQL-compatible server and a DynamoDB-compatible server. Each fixture gets
 * its own database, DynamoDB table and state folder, so test classes share the servers but not data.
 */
public final class ShopWithShift implements AutoCloseable {

    private volatile ShopProcess shop;
    private final Stores stores;
    private final ShiftCli cli;
    private final String name;
    private final Function<String[], ShopLaunch> relaunch;
    private final Path out;
    private int restarts;

    private ShopWithShift(ShopProcess shop, Stores stores, ShiftCli cli, String name,
            Function<String[], ShopLaunch> relaunch, Path out) {
        this.shop = shop;
        this.stores = stores;
        this.cli = cli;
        this.name = name;
        this.relaunch = relaunch;
        this.out = out;
    }

    /**
     * User names of the shoppers {@code --generate-history users=count,…} creates (the seed's four users
     * hold ids 1-4); their password is {@code password}.
     */
    public static List<String> generatedShoppers(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add("shopper" + (5 + i));
        }
        return names;
    }

    /** The operator's command line (backfill, verify, repair) against this system's stores. */
    public ShiftCli cli() {
        return cli;
    }

    /** Starts the shop with Shift in {@code phase}, on the JVM in {@code javaHome}. */
    public static ShopWithShift start(String name, int phase, Path javaHome) throws IOException, InterruptedException {
        return start(name, phase, javaHome, new String[0]);
    }

    /** As {@link #start(String, int, Path)}, with extra shop arguments (e.g. {@code --generate-history …}). */
    public static ShopWithShift start(String name, int phase, Path javaHome, String... extraShopArgs)
            throws IOException, InterruptedException {
        return start(name, phase, javaHome, TestServers.dynamoDb(), Map.of(), extraShopArgs);
    }

    /**
     * As {@link #start(String, int, Path, String...)}, against a DynamoDB server of the test's own (e.g. one a
     * fault test stops and starts; never stop the shared one) and with extra agent options (they win over the
     * defaults).
     */
    public static ShopWithShift start(String name, int phase, Path javaHome, DynamoDbServer dynamo,
            Map<String, String> extraAgentOptions, String... extraShopArgs) throws IOException, InterruptedException {
        MariaDbServer mysql = TestServers.mariaDb();
        List<String> firstArgs = new ArrayList<>(List.of("--init-schema", "--seed"));
        firstArgs.addAll(List.of(extraShopArgs));
        return start(name, phase, javaHome, dynamo, extraAgentOptions, database -> ShopLaunch.shop(mysql.jdbcUrl(database)),
                firstArgs);
    }

    /**
     * The ORM shop (Hibernate, HikariCP, MariaDB's driver; {@link ShopLaunch#ormShop}) on JDK 17 with Shift in
     * {@code phase}, its tables created empty; {@link #process()}'s shop URL is its HTTP front.
     */
    public static ShopWithShift startOrmShop(String name, int phase, Map<String, String> extraAgentOptions)
            throws IOException, InterruptedException {
        MariaDbServer mysql = TestServers.mariaDb();
        return start(name, phase, ShopLaunch.JDK17, TestServers.dynamoDb(), extraAgentOptions,
                database -> ShopLaunch.ormShop(mysql.mariadbJdbcUrl(database)), List.of("--init-schema"));
    }

    private static ShopWithShift start(String name, int phase, Path javaHome, DynamoDbServer dynamo,
            Map<String, String> extraAgentOptions, Function<String, ShopLaunch> application, List<String> firstArgs)
            throws IOException, InterruptedException {
        MariaDbServer mysql = TestServers.mariaDb();
        String database = "it_" + name;
        mysql.dropDatabase(database);
        mysql.createDatabase(database);
        String table = "Users_" + name;
        Path out = Artifacts.outputDir(name);
        Folders.deleteRecursively(out.resolve("state"));
        Folders.deleteRecursively(out.resolve("cli"));   // backfill checkpoints belong to the old database

        Map<String, String> options = new LinkedHashMap<>();
        options.put("phase", String.valueOf(phase));
        options.put("dynamodb.endpoint", dynamo.endpoint().toString());
        options.put("dynamodb.region", dynamo.region());
        options.put("dynamodb.table", table);
        options.put("admin.port", "0");
        options.put("state.dir", out.resolve("state").toString());
        options.putAll(extraAgentOptions);

        Function<String[], ShopLaunch> launch = shopArgs -> application.apply(database)
                .javaHome(javaHome)
                .dbUser(mysql.user(), mysql.password())
                .withAgent(Artifacts.agentJar(), options)
                .env("AWS_ACCESS_KEY_ID", dynamo.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey())
                .env("AWS_REGION", dynamo.region())
                .shopArgs(shopArgs);
        ShopProcess shop = ShopProcess.start(launch.apply(firstArgs.toArray(String[]::new))
                .logFile(out.resolve("shop.log")));
        Stores stores = new Stores(mysql.jdbcUrl(database), mysql.user(), mysql.password(), dynamo.endpoint(),
                dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey(), table);
        ShopWithShift[] self = new ShopWithShift[1];
        ShiftCli cli = new ShiftCli(out.resolve("cli"), mysql.jdbcUrl(database), mysql.user(), mysql.password(),
                dynamo, table, () -> self[0].process().adminUrl());
        self[0] = new ShopWithShift(shop, stores, cli, name, launch, out);
        return self[0];
    }

    /** The shop's current process (a new one after {@link #restartShop()}). */
    public ShopProcess process() {
        return shop;
    }

    /**
     * SIGKILLs the shop's JVM (the agent dies with it, mid-request if requests are in flight) and waits until
     * it is gone.
     */
    public void killShop() throws InterruptedException {
        shop.kill();
    }

    /**
     * Starts the shop again (after {@link #killShop()}, or stopping it first if it still runs) with the same
     * agent options, database, DynamoDB table and Shift state folder, as an operator restarts the application.
     * No set-up arguments this time: the schema and data are there already. The shop and admin ports change;
     * sessions of the old process are gone. Its log is {@code shop-restart-N.log}.
     */
    public synchronized ShopProcess restartShop() throws IOException, InterruptedException {
        return restartShopWith(Map.of());
    }

    /**
     * As {@link #restartShop()}, with these agent options changed for this start only (an operator's mistake): the
     * start waits for the shop's port alone, as Shift may not start.
     */
    public synchronized ShopProcess restartShopWith(Map<String, String> changedAgentOptions)
            throws IOException, InterruptedException {
        shop.close();
        restarts++;
        ShopLaunch launch = relaunch.apply(new String[0]).logFile(out.resolve("shop-restart-" + restarts + ".log"));
        changedAgentOptions.forEach(launch::agentOption);
        shop = ShopProcess.start(changedAgentOptions.isEmpty() ? launch : launch.withoutAdminPort());
        return shop;
    }

    /** The log file of the shop's current process. */
    public Path shopLog() {
        return out.resolve(restarts == 0 ? "shop.log" : "shop-restart-" + restarts + ".log");
    }

    public Stores stores() {
        return stores;
    }

    /** A logged-in shopper's session. */
    public ShopClient shopper(String user, String password) {
        ShopClient c = new ShopClient(shop.shopUrl());
        c.login(user, password).expect(200);
        return c;
    }

    /** The admin API with the open loopback panel (no token configured). */
    public AdminClient admin() {
        return new AdminClient(shop.adminUrl(), null);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        stores.close();
        shop.close();
    }
}
