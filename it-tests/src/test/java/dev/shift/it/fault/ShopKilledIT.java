package dev.shift.it.fault;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.LoadMix;
import dev.shift.it.harness.ShiftCli;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.it.harness.DynamoDbRelay;
import dev.shift.testkit.DynamoDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 2, history backfilled; shoppers keep adding to their carts and checking out while the shop's JVM (and the
 * agent in it) is killed with SIGKILL at a random moment, then started again on the same MySQL, DynamoDB and Shift
 * state folder — three times. Requests cut off by the kill are counted apart; every request the live process
 * answered must have succeeded. After the last restart the outbox backlog drains and verify must find MySQL and
 * DynamoDB equal: a crash between the MySQL commit and the DynamoDB write must not lose the DynamoDB side.
 *
 * <p>The first kills come at random moments (seed printed; {@code -Dshift.fault.seed=N} replays one), which hit that
 * window only by chance. The last one hits it for sure: the agent reaches DynamoDB through a relay, which is made to
 * hold DynamoDB writes back (they hang, and never reach the server) until a checkout has committed in MySQL and waits
 * for its DynamoDB write; then the shop is killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopKilledIT {

    private static final String NAME = "fault_killed";
    private static final int SHOPPERS = 6;
    private static final int KILLS = 3;

    private DynamoDbServer dynamo;
    private DynamoDbRelay relay;
    private ShopWithShift system;

    @BeforeAll
    void start() throws Exception {
        dynamo = DynamoDbServer.start();   // our own: clients killed mid-request must not touch the shared server
        relay = DynamoDbRelay.start(dynamo.endpoint());   // the agent's way to DynamoDB; stores and CLI go direct
        system = ShopWithShift.start(NAME, 1, ShopLaunch.JDK17, dynamo,
                Map.of("dynamodb.endpoint", relay.endpoint().toString()),
                "--generate-history", "users=" + SHOPPERS + ",orders=40,seed=31");
        system.admin().switchToPhase(2).expect(200);
        system.cli().backfill("--threads", "2", "--chunk", "50").expect(0);
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void killingTheShopDuringPhase2CheckoutsLosesNoWrite() throws Exception {
        long seed = Long.getLong("shift.fault.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> lives = new ArrayList<>();
        long cutOffTotal = 0;
        long checkoutsTotal = 0;
        long t0 = System.nanoTime();
        for (int kill = 1; kill <= KILLS; kill++) {
            long lifeStart = System.nanoTime();
            Shoppers shoppers = new Shoppers(system.process().shopUrl(), random.nextLong(), failures);
            long target = 2 + random.nextInt(10);      // checkouts of this life before the kill
            shoppers.awaitCheckouts(target, Duration.ofSeconds(60));
            String moment;
            if (kill < KILLS) {
                Thread.sleep(random.nextInt(250));    // anywhere between two checkouts, or inside one
                moment = "at random";
            } else {
                // Hold DynamoDB writes back until a checkout committed in MySQL waits for its DynamoDB write.
                long before = maxOrderId();
                relay.holdWrites(true);
                String held = awaitHeldOrder(before, Duration.ofSeconds(10));
                moment = held != null
                        ? "after " + held + " committed in MySQL, its DynamoDB write held back"
                        : "while DynamoDB writes hang (no checkout committed in MySQL within 10 s; "
                                + relay.held() + " writes held back)";
            }
            long pid = system.process().pid();
            shoppers.killed.set(true);                 // from here a broken connection is the kill's doing
            system.killShop();
            relay.holdWrites(false);
            shoppers.awaitEnd(Duration.ofSeconds(40));
            lives.add("life " + kill + " (pid " + pid + ", killed " + moment + "): " + shoppers.requests
                    + " answered, " + shoppers.checkouts + " checkouts, " + shoppers.cutOff + " cut off by the kill, "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lifeStart) + " ms");
            cutOffTotal += shoppers.cutOff.get();
            checkoutsTotal += shoppers.checkouts.get();
            long restartStart = System.nanoTime();
            system.restartShop();
            lives.add("restart " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStart) + " ms");
            assertEquals(2, phase(system.admin()), "the restarted shop comes back in phase 2");
        }
        System.err.printf("[%s] seed %d; %s%n", NAME, seed, String.join("; ", lives));

        // The restarted shop serves its shoppers normally.
        LoadMix.Result after = new LoadMix(system.process().shopUrl(), ShopWithShift.generatedShoppers(SHOPPERS),
                "password").run(3, 1, seed);
        Backlog.await(system.admin(), n -> n == 0, Duration.ofSeconds(90), "the outbox backlog must drain");
        ShiftCli.Run verify = system.cli().verify();
        long checkouts = checkoutsTotal;
        System.err.printf("[%s] %d checkouts before kills, %d requests cut off by kills; verify exit %d; %d ms%n",
                NAME, checkouts, cutOffTotal, verify.exitCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertAll(
                () -> assertTrue(checkouts >= KILLS * 2L, "the shoppers checked out: " + lives),
                () -> assertEquals(List.of(), failures, "requests the live shop answered with a failure"),
                () -> assertEquals(List.of(), after.errors(), "failed requests after the last restart"),
                () -> assertEquals(0, verify.exitCode(), "verify after " + KILLS + " kills (" + lives
                        + ", seed " + seed + "):\n" + verify.output()));
    }

    private long maxOrderId() {
        return system.stores().mysqlCount("SELECT COALESCE(MAX(id), 0) FROM orders");
    }

    /**
     * Polls until an order above {@code id} is committed in MySQL and still absent from DynamoDB (read directly, not
     * through the relay) 200 ms after it was first seen, so its DynamoDB write is not merely on its way; returns
     * it, or null after {@code timeout}.
     */
    private String awaitHeldOrder(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Long> firstSeen = new HashMap<>();
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> row : system.stores().mysql("SELECT id, user_id FROM orders WHERE id > ?", id)) {
                long order = ((Number) row.get("id")).longValue();
                long user = ((Number) row.get("user_id")).longValue();
                long seen = firstSeen.computeIfAbsent(order, o -> System.nanoTime());
                boolean inDynamoDb = system.stores().items("USER#" + user, "ORDER#").stream()
                        .anyMatch(item -> item.get("SK").s().endsWith("#" + order));
                if (!inDynamoDb && System.nanoTime() - seen > Duration.ofMillis(200).toNanos()) {
                    return "order " + order;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    private static long phase(AdminClient admin) throws IOException {
        return ((Number) JSON.std.mapFrom(admin.status().expect(200).body()).get("phase")).longValue();
    }

    /**
     * One thread per generated shopper, each logging in, filling the cart and checking out (now and then
     * cancelling) until the shop dies. A request that gets an answer must succeed; one whose connection breaks
     * after the kill is counted as cut off and ends that shopper.
     */
    private static final class Shoppers {

        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong checkouts = new AtomicLong();
        final AtomicLong cutOff = new AtomicLong();
        private final List<String> failures;
        private final String url;
        private final List<Thread> threads = new ArrayList<>();

        Shoppers(String url, long seed, List<String> failures) {
            this.url = url;
            this.failures = failures;
            List<String> users = ShopWithShift.generatedShoppers(SHOPPERS);
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                Random random = new Random(seed * 31 + i);
                Thread t = new Thread(() -> shop(user, random), "shopper-" + user);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void shop(String user, Random random) {
            ShopClient shop = new ShopClient(url);
            try {
                call(user, "login", () -> shop.login(user, "password"));
                for (int round = 0; round < 10_000 && !killed.get(); round++) {   // bounded; the kill ends it
                    int lines = 1 + random.nextInt(3);
                    for (int i = 0; i < lines; i++) {
                        long product = 1 + random.nextInt(20);
                        call(user, "add " + product, () -> shop.addToCart(product, 1 + random.nextInt(3)));
                    }
                    ShopClient.Response placed = call(user, "checkout", shop::checkout);
                    checkouts.incrementAndGet();
                    if (random.nextInt(4) == 0) {
                        long orderId = ((Number) JSON.std.mapFrom(placed.body()).get("orderId")).longValue();
                        call(user, "cancel " + orderId, () -> shop.cancel(orderId));
                    }
                }
            } catch (Gone e) {
                // the shop died under this shopper: counted in call()
            } catch (IOException | RuntimeException e) {
                failures.add(user + ": " + e);
            }
        }

        private ShopClient.Response call(String user, String what, Supplier<ShopClient.Response> request) {
            ShopClient.Response r;
            try {
                r = request.get();
            } catch (IllegalStateException e) {   // ShopClient: the connection failed
                if (killed.get()) {
                    cutOff.incrementAndGet();
                    throw new Gone();
                }
                failures.add(user + " " + what + ": " + e.getMessage());
                throw new Gone();
            }
            requests.incrementAndGet();
            if (r.status() / 100 != 2) {
                failures.add(user + " " + what + ": HTTP " + r.status() + " " + r.body());
                throw new Gone();
            }
            return r;
        }

        void awaitCheckouts(long target, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (checkouts.get() < target) {
                if (System.nanoTime() > deadline || threads.stream().noneMatch(Thread::isAlive)) {
                    throw new AssertionError("the shoppers made " + checkouts.get() + " of " + target
                            + " checkouts (within " + timeout.toSeconds() + " s); failures: " + failures);
                }
                Thread.sleep(20);
            }
        }

        void awaitEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    throw new AssertionError(t.getName() + " still runs " + timeout.toSeconds() + " s after the kill");
                }
            }
        }

        /** Ends a shopper's loop. */
        private static final class Gone extends RuntimeException {
            Gone() {
                super(null, null, false, false);
            }
        }
    }
}
