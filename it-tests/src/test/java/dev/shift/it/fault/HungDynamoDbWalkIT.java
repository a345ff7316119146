package dev.shift.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.Folders;
import dev.shift.it.harness.LoadMix;
import dev.shift.it.harness.ShiftCli;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.DynamoDbServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The DynamoDB server hangs (SIGSTOP, {@link #HANG}) in each of phases 2, 3, 4 and 5 while shoppers use the shop and
 * two probes time their requests: a page on a table that is not migrated ({@code /api/products}, every 100 ms) and an
 * add-to-cart (a migrated table, every 300 ms, one product per phase: the shop allows 99 of a product). Phases 2-3: no shop request fails, and the cart probe's p99 stays within
 * {@link #MIGRATED_P99} (a few bounded waits, then the circuit breaker sends changes to the outbox). Every phase: the
 * products page's p99 stays within {@link #OTHER_P99}. Phases 4-5: what fails, fails within {@link #FAIL_FAST}. After
 * each hang: verify 0, and the probe's cart holds exactly its acknowledged adds (phases 2-4: MySQL's state wins; phase 5:
 * an add that failed by timeout may still land when the server wakes, never twice).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HungDynamoDbWalkIT {

    private static final String NAME = "fault_hung_walk";
    private static final String GENERATOR_ONLY = "these statements come only from the set-up history generator";
    private static final int SHOPPERS = 6;
    static final Duration HANG = Duration.ofSeconds(20);
    static final Duration MIGRATED_P99 = Duration.ofMillis(2_500);
    static final Duration OTHER_P99 = Duration.ofMillis(500);
    static final Duration FAIL_FAST = Duration.ofMillis(3_000);

    private DynamoDbServer dynamo;
    private ShopWithShift system;
    private LoadMix load;

    @BeforeAll
    void start() throws Exception {
        Path data = Artifacts.outputDir(NAME).resolve("dynamodb-data");
        Folders.deleteRecursively(data);
        dynamo = DynamoDbServer.start(data);   // our own: the shared server is never frozen
        system = ShopWithShift.start(NAME, 1, ShopLaunch.JDK17, dynamo, Map.of("validation.min-compared", "1"),
                "--generate-history", "users=" + SHOPPERS + ",orders=40,seed=29");
        load = new LoadMix(system.process().shopUrl(), ShopWithShift.generatedShoppers(SHOPPERS), "password");
        system.admin().switchToPhase(2).expect(200);
        system.cli().backfill("--threads", "2", "--chunk", "50").expect(0);
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** One timed request of a probe: how long it took and whether it succeeded. */
    private record Timed(long millis, boolean ok, String failure) {
    }

    @Test
    void aHungDynamoDbNeverTakesTheShopDown() throws Exception {
        AdminClient admin = system.admin();
        List<String> report = new ArrayList<>();
        for (int phase = 2; phase <= 5; phase++) {
            if (phase == 3) {
                admin.switchToPhase(3).expect(200);
            } else if (phase == 4) {
                verifyClean("before phase 4");
                admin.switchToPhase(4, GENERATOR_ONLY, "reads-translatable").expect(200);
            } else if (phase == 5) {
                verifyClean("before phase 5");
                admin.switchToPhase(5, GENERATOR_ONLY, "writes-translatable").expect(200);
            }
            report.add(hangIn(phase));
        }
        System.err.printf("[%s] %s%n", NAME, String.join("; ", report));
    }

    /** Shoppers and probes run; the server hangs for {@link #HANG}; everything is checked once it is back. */
    private String hangIn(int phase) throws Exception {
        ShopClient cartProbe = system.shopper("admin", "admin");
        long product = phase;
        int cartBefore = cartQuantity(cartProbe, product);
        ShopClient productsProbe = new ShopClient(system.process().shopUrl());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Timed> adds = Collections.synchronizedList(new ArrayList<>());
        List<Timed> pages = Collections.synchronizedList(new ArrayList<>());
        List<LoadMix.Result> rounds = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> shoppers = CompletableFuture.runAsync(() -> {
            for (long round = 0; running.get() && round < 5_000; round++) {
                try {
                    rounds.add(load.run(3, 1, phase * 10_000L + round));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        CompletableFuture<Void> cart = CompletableFuture.runAsync(() -> probe(running, adds, 300,
                () -> cartProbe.addToCart(product, 1)));
        CompletableFuture<Void> products = CompletableFuture.runAsync(() -> probe(running, pages, 100,
                () -> productsProbe.get("/api/products")));
        try {
            Thread.sleep(1_000);
            dynamo.pause();
            Thread.sleep(HANG.toMillis());
            dynamo.resume();
            Thread.sleep(2_000);   // shoppers and probes go on a moment with DynamoDB back
        } finally {
            dynamo.resume();
            running.set(false);
            CompletableFuture.allOf(shoppers, cart, products).get(3, TimeUnit.MINUTES);
        }

        List<String> shopErrors = new ArrayList<>();
        rounds.forEach(r -> shopErrors.addAll(r.errors()));
        List<Timed> failedAdds = adds.stream().filter(t -> !t.ok()).toList();
        long acked = adds.stream().filter(Timed::ok).count();
        long addsP99 = p99(adds);
        long pagesP99 = p99(pages);
        String summary = "phase " + phase + ": " + adds.size() + " adds (" + failedAdds.size() + " failed), add p99 "
                + addsP99 + " ms, products p99 " + pagesP99 + " ms, " + shopErrors.size() + " failed shop requests";
        assertTrue(pagesP99 <= OTHER_P99.toMillis(), "a page on tables Shift does not migrate is not delayed: " + summary);
        if (phase <= 3) {
            assertEquals(List.of(), shopErrors, "phase " + phase + ": no shop request fails (" + summary + ")");
            assertEquals(0, failedAdds.size(), summary + "; first failures " + failedAdds.stream().limit(3).toList());
            assertTrue(addsP99 <= MIGRATED_P99.toMillis(), "migrated writes wait a bounded time: " + summary);
        } else {
            for (Timed t : failedAdds) {
                assertTrue(t.millis() <= FAIL_FAST.toMillis(), "a failure is fast (" + t + "): " + summary);
            }
        }

        if (phase <= 4) {
            Backlog.await(system.admin(), n -> n == 0, Duration.ofSeconds(90), "the outbox drains after the hang");
            verifyClean("after the hang in phase " + phase);
        } else {
            system.admin().awaitReverseSyncCaughtUp(Duration.ofSeconds(60));
            verifyClean("after the hang in phase 5, once MySQL caught up");
        }
        int cartAfter = cartQuantity(cartProbe, product);
        if (phase <= 3) {
            assertEquals(cartBefore + acked, cartAfter, "every acknowledged add once, no failed one: " + summary);
        } else if (phase == 4) {
            // The shop answers an add with the cart read after the write: when that read is what failed (DynamoDB is
            // read in phase 4), the add itself was committed in both stores. An add whose own statements failed is not.
            long failedAfterWrite = failedAdds.stream().filter(t -> !t.failure().contains("SELECT quantity FROM "
                    + "shopping_carts") && !t.failure().contains("INSERT INTO shopping_carts")).count();
            assertTrue(cartAfter >= cartBefore + acked && cartAfter <= cartBefore + acked + failedAfterWrite,
                    "every acknowledged add once, a failed one only if its failure came after its write ("
                            + failedAfterWrite + " such): " + cartAfter + " after " + cartBefore + "; " + summary);
        } else {
            assertTrue(cartAfter >= cartBefore + acked && cartAfter <= cartBefore + acked + failedAdds.size(),
                    "every acknowledged add once, a failed one at most once (it may land when the server wakes): "
                            + cartAfter + " after " + cartBefore + "; " + summary);
        }
        return summary;
    }

    private interface Request {
        ShopClient.Response send() throws IOException, InterruptedException;
    }

    private static void probe(AtomicBoolean running, List<Timed> out, long everyMillis, Request request) {
        while (running.get()) {
            long start = System.nanoTime();
            String failure;
            try {
                ShopClient.Response r = request.send();
                failure = r.status() == 200 ? null : "HTTP " + r.status() + ": " + r.body();
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.add(new Timed(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), failure == null, failure));
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long p99(List<Timed> timed) {
        List<Long> ms = new ArrayList<>(timed.stream().map(Timed::millis).sorted().toList());
        return ms.isEmpty() ? 0 : ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1));
    }

    private void verifyClean(String when) throws IOException, InterruptedException {
        ShiftCli.Run verify = system.cli().verify();
        assertEquals(0, verify.exitCode(), "verify " + when + ":\n" + verify.output());
    }

    private static int cartQuantity(ShopClient shopper, long product) throws IOException {
        Map<?, ?> cart = JSON.std.mapFrom(shopper.cart().expect(200).body());
        for (Object o : (List<?>) cart.get("lines")) {
            Map<?, ?> line = (Map<?, ?>) o;
            if (((Number) line.get("productId")).longValue() == product) {
                return ((Number) line.get("quantity")).intValue();
            }
        }
        return 0;
    }
}
