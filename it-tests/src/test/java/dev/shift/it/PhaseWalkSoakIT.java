package dev.shift.it;

import dev.shift.it.harness.LoadMix;
import dev.shift.it.harness.ShiftCli;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator walks the phases forward, back and forward again — 1 → 2 → 3 → 4 → 5 → 4 → 3 → 2 → 1 → 2 → 3 → 4 → 5
 * — while shoppers keep using the shop, writing in every phase. No request may fail. Whenever the walk reaches
 * phase 2 from phase 1 the history is backfilled (phase 1 wrote MySQL only), and at each step from phase 2 on verify
 * must find the stores equal: in phases 2-4 MySQL is the truth; in phase 5 DynamoDB is, and MySQL follows through the
 * reverse sync, which is what lets the walk leave phase 5 without losing a write or giving an order id twice. After
 * every step each shopper's order history is at least as long as before: no order ever vanishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhaseWalkSoakIT {
    private static final String GENERATOR_ONLY = "these statements come only from the set-up history generator";

    private static final int[] WALK = {2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5};
    private static final int SHOPPERS = 6;

    private ShopWithShift system;
    private LoadMix load;

    @BeforeAll
    void start() throws Exception {
        system = ShopWithShift.start("soak", 1, ShopLaunch.JDK17, TestServers.dynamoDb(),
                Map.of("validation.min-compared", "1"), "--generate-history", "users=" + SHOPPERS + ",orders=40,seed=11");
        load = new LoadMix(system.process().shopUrl(), ShopWithShift.generatedShoppers(SHOPPERS), "password");
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    /** Waits (bounded) until the shoppers finished {@code rounds} more rounds, with at least one checkout among them. */
    private static void awaitRounds(List<LoadMix.Result> results, int rounds, CompletableFuture<Void> shoppers)
            throws InterruptedException {
        int from;
        synchronized (results) {
            from = results.size();
        }
        int target = from + rounds;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (results) {
                boolean checkedOut = results.subList(from, results.size()).stream().anyMatch(r -> r.checkouts() > 0);
                if (results.size() >= target && checkedOut) {
                    return;
                }
            }
            if (shoppers.isDone()) {
                throw new AssertionError("the shoppers stopped after " + results.size() + " rounds");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the shoppers did not finish " + rounds + " rounds with a checkout within 90 s");
    }

    /**
     * How many orders each shopper's history shows now; fails if one shows fewer than before (an order vanished on
     * the way between the stores). Orders are never deleted, only cancelled.
     */
    private Map<String, Integer> orderCounts(Map<String, Integer> before, String when) throws java.io.IOException {
        Map<String, Integer> now = new java.util.LinkedHashMap<>();
        for (String user : ShopWithShift.generatedShoppers(SHOPPERS)) {
            Map<?, ?> history = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(
                    system.shopper(user, "password").orders().expect(200).body());
            int count = ((Number) history.get("count")).intValue();
            assertTrue(count >= before.getOrDefault(user, 0), user + " saw " + before.get(user) + " orders, now " + count
                    + ", " + when);
            now.put(user, count);
        }
        return now;
    }

    @Test
    void walkingThePhasesUnderLoadFailsNoRequestAndKeepsTheStoresEqual() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<LoadMix.Result> results = new ArrayList<>();
        CompletableFuture<Void> shoppers = CompletableFuture.runAsync(() -> {
            long round = 0;
            while (running.get() && round < 5_000) {   // bounded: the walk ends it long before that
                try {
                    LoadMix.Result r = load.run(3, 1, round++);
                    synchronized (results) {
                        results.add(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });

        ShiftCli cli = system.cli();
        int previous = 1;
        List<String> steps = new ArrayList<>();
        Map<String, Integer> orders = orderCounts(Map.of(), "at the start");
        for (int phase : WALK) {
            // The set-up history generator's MAX(id) reads and multi-row INSERTs are not translated (never run again).
            if (phase == 4 && previous < 4) {
                system.admin().switchToPhase(4, GENERATOR_ONLY, "reads-translatable").expect(200);
            } else if (phase == 5) {
                system.admin().switchToPhase(5, GENERATOR_ONLY, "writes-translatable").expect(200);
            } else {
                system.admin().switchToPhase(phase).expect(200);
            }
            if (phase == 1 || phase == 5) {
                // Stay a while: shoppers change carts and orders that only one store is written with now.
                awaitRounds(results, 2, shoppers);
            }
            if (phase == 2 && previous == 1) {
                // Phase 1 wrote MySQL only: the backfill copies what DynamoDB missed and deletes the items of rows
                // deleted meanwhile (checked-out carts); the verify below proves nothing else is needed.
                cli.backfill("--restart", "--threads", "2", "--chunk", "50").expect(0);
            }
            // In phase 5 MySQL trails DynamoDB by the reverse sync's lag while shoppers write: it is checked on the way
            // back (phase 4 right after) and at the end, once the shoppers have stopped.
            if (phase >= 2 && phase <= 4) {
                ShiftCli.Run verify = cli.verify();
                steps.add("phase " + phase + " (from " + previous + "): verify exit " + verify.exitCode());
                assertEquals(0, verify.exitCode(), "verify in phase " + phase + " (after " + steps + "):\n"
                        + verify.output());
            }
            orders = orderCounts(orders, "in phase " + phase + " (after " + steps + ")");
            previous = phase;
        }
        running.set(false);
        shoppers.get();
        system.admin().awaitReverseSyncCaughtUp(java.time.Duration.ofSeconds(60));
        ShiftCli.Run last = cli.verify();
        assertEquals(0, last.exitCode(), "verify at the end, in phase 5, once MySQL caught up (after " + steps + "):\n"
                + last.output());

        long requests = 0;
        List<String> errors = new ArrayList<>();
        for (LoadMix.Result r : results) {
            requests += r.requests();
            errors.addAll(r.errors());
        }
        assertTrue(requests > 0, "the shoppers ran");
        assertEquals(List.of(), errors, "failed requests out of " + requests + " during the walk " + steps);
    }
}
