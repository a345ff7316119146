package dev.shift.it.demo;

import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.Folders;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopProcess;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole demo with one command ({@code scripts/demo}): a private MySQL-compatible server, a
 * private DynamoDB-compatible server, and the legacy shop started with Shift attached and its
 * admin port open. Everything stops on Ctrl-C.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int shopPort = intArg(args, "--shop-port", 8080);
        int adminPort = intArg(args, "--admin-port", 8081);
        int phase = intArg(args, "--phase", 1);

        System.out.println("Starting a private MySQL-compatible server (MariaDB) ...");
        MariaDbServer mysql = MariaDbServer.start();
        mysql.createDatabase("shop");
        System.out.println("Starting a private DynamoDB-compatible server ...");
        DynamoDbServer dynamo = DynamoDbServer.start();

        // The servers are new each time, so the flag state must be too: a demo always starts in --phase.
        Path state = Artifacts.outputDir("demo").resolve("state");
        Folders.deleteRecursively(state);

        Map<String, String> agentOptions = new LinkedHashMap<>();
        agentOptions.put("phase", String.valueOf(phase));
        agentOptions.put("dynamodb.endpoint", dynamo.endpoint().toString());
        agentOptions.put("dynamodb.region", dynamo.region());
        agentOptions.put("admin.port", String.valueOf(adminPort));
        agentOptions.put("state.dir", state.toString());
        // A demo's phase 3 lasts a few page views: one comparison per read shape is its evidence for phase 4.
        agentOptions.put("validation.min-compared", "1");

        System.out.println("Starting the legacy shop with Shift attached ...");
        ShopProcess shop = ShopProcess.start(ShopLaunch.shop(mysql.jdbcUrl("shop"))
                .dbUser(mysql.user(), mysql.password())
                .withAgent(Artifacts.agentJar(), agentOptions)
                .env("AWS_ACCESS_KEY_ID", dynamo.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey())
                .env("AWS_REGION", dynamo.region())
                .port(shopPort)
                .shopArgs("--init-schema", "--seed")
                .logFile(Artifacts.outputDir("demo").resolve("shop.log")));

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the demo ...");
            try {
                shop.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dynamo.close();
            mysql.close();
            stop.countDown();
        }, "demo-shutdown"));

        System.out.println();
        System.out.println("  Shop (log in as admin / admin):   " + shop.shopUrl() + "/");
        System.out.println("  Shift control panel:              " + shop.adminUrl() + "/");
        System.out.println("  MySQL:                            " + mysql.jdbcUrl("shop") + " (user root, no password)");
        System.out.println("  DynamoDB endpoint:                " + dynamo.endpoint() + " (table Users)");
        System.out.println("  Shop log:                         " + shop.logFile());
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        stop.await();
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a number, got '" + args[i + 1] + "'");
                }
            }
        }
        return fallback;
    }
}
