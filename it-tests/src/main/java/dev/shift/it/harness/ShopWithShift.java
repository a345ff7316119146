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

/**
 * The system under test as an operator runs it: the legacy shop jar in its own JVM with Shift's agent
 * jar attached, a private MySQL-compatible server and a DynamoDB-compatible server. Each fixture gets
 * its own database, DynamoDB table and state folder, so test classes share the servers but not data.
 */
public final class ShopWithShift implements AutoCloseable {

    private final ShopProcess shop;
    private final Stores stores;
    private final ShiftCli cli;
    private final String name;

    private ShopWithShift(ShopProcess shop, Stores stores, ShiftCli cli, String name) {
        this.shop = shop;
        this.stores = stores;
        this.cli = cli;
        this.name = name;
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
        MariaDbServer mysql = TestServers.mariaDb();
        DynamoDbServer dynamo = TestServers.dynamoDb();
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

        ShopProcess shop = ShopProcess.start(ShopLaunch.shop(mysql.jdbcUrl(database))
                .javaHome(javaHome)
                .dbUser(mysql.user(), mysql.password())
                .withAgent(Artifacts.agentJar(), options)
                .env("AWS_ACCESS_KEY_ID", dynamo.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey())
                .env("AWS_REGION", dynamo.region())
                .shopArgs("--init-schema", "--seed")
                .shopArgs(extraShopArgs)
                .logFile(out.resolve("shop.log")));
        Stores stores = new Stores(mysql.jdbcUrl(database), mysql.user(), mysql.password(), dynamo.endpoint(),
                dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey(), table);
        ShiftCli cli = new ShiftCli(out.resolve("cli"), mysql.jdbcUrl(database), mysql.user(), mysql.password(),
                dynamo, table);
        return new ShopWithShift(shop, stores, cli, name);
    }

    public ShopProcess process() {
        return shop;
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
