package dev.shift.it.fault;

import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.Folders;
import dev.shift.it.harness.LoadMix;
import dev.shift.it.harness.ShiftCli;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.DynamoDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 2, history backfilled, shoppers filling carts, checking out and cancelling: the DynamoDB server goes away
 * for several seconds and comes back (its data on disk survives). No shop request may fail; the writes DynamoDB
 * missed pile up as the agent's outbox backlog (status {@code counters.pendingReplays} and {@code
 * shift_pending_replays}), drain to zero once DynamoDB is back, and verify then finds both stores equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbOutageIT {

    private static final String NAME = "fault_outage";
    private static final int SHOPPERS = 8;
    private static final Duration MIN_OUTAGE = Duration.ofSeconds(5);

    private DynamoDbServer dynamo;
    private ShopWithShift system;
    private LoadMix load;

    @BeforeAll
    void start() throws Exception {
        Path data = Artifacts.outputDir(NAME).resolve("dynamodb-data");
        Folders.deleteRecursively(data);
        dynamo = DynamoDbServer.start(data);   // our own: the shared server is never stopped
        system = ShopWithShift.start(NAME, 1, ShopLaunch.JDK17, dynamo, Map.of(),
                "--generate-history", "users=" + SHOPPERS + ",orders=60,seed=23");
        load = new LoadMix(system.process().shopUrl(), ShopWithShift.generatedShoppers(SHOPPERS), "password");
        system.admin().switchToPhase(2).expect(200);
        system.cli().backfill("--threads", "2", "--chunk", "50").expect(0);
        ShiftCli.Run verify = system.cli().verify();
        assertEquals(0, verify.exitCode(), "verify before the outage:\n" + verify.output());
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

    @Test
    void dynamoDbDownUnderPhase2LoadFailsNoRequestAndLosesNoWrite() throws Exception {
        AdminClient admin = system.admin();
        AtomicBoolean running = new AtomicBoolean(true);
        List<LoadMix.Result> rounds = new ArrayList<>();
        CompletableFuture<Void> shoppers = CompletableFuture.runAsync(() -> {
            for (long round = 0; running.get() && round < 200; round++) {   // bounded; the test ends it long before
                try {
                    LoadMix.Result r = load.run(4, 1, round);
                    synchronized (rounds) {
                        rounds.add(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        try {
            awaitRounds(rounds, 1, "before the outage");
            long before = Backlog.fromStatus(admin);

            long outageStart = System.nanoTime();
            dynamo.stop();
            long grown = Backlog.await(admin, n -> n > 0, Duration.ofSeconds(30),
                    "the outbox backlog must grow while DynamoDB is down");
            OptionalLong gauge = Backlog.fromMetrics(admin);
            assertTrue(gauge.isPresent() && gauge.getAsLong() > 0,
                    "shift_pending_replays while DynamoDB is down: " + gauge);
            // Stay down a while, and until a whole round of shopping (carts, checkouts, cancels) ran into the outage.
            awaitRounds(rounds, 1, "during the outage");
            long remaining = MIN_OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.sleep(remaining);
            }
            long peak = Backlog.fromStatus(admin);
            dynamo.restart();
            long outage = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart);
            System.err.printf("[%s] backlog before %d, %d after the first failures, %d when DynamoDB came back "
                    + "after %d ms%n", NAME, before, grown, peak, outage);

            // Live writes and replays meet: keep shopping a little after DynamoDB is back.
            awaitRounds(rounds, 2, "after the outage");
        } finally {
            running.set(false);
            shoppers.get(3, TimeUnit.MINUTES);
        }

        Backlog.await(admin, n -> n == 0, Duration.ofSeconds(90), "the replay backlog must drain once DynamoDB is back");
        assertEquals(OptionalLong.of(0), Backlog.fromMetrics(admin), "shift_pending_replays after the drain");

        long requests = 0;
        long checkouts = 0;
        List<String> errors = new ArrayList<>();
        for (LoadMix.Result r : rounds) {
            requests += r.requests();
            checkouts += r.checkouts();
            errors.addAll(r.errors());
        }
        System.err.printf("[%s] %d requests, %d checkouts in %d rounds%n", NAME, requests, checkouts, rounds.size());
        ShiftCli.Run verify = system.cli().verify();
        long total = requests;
        long checkedOut = checkouts;
        assertAll(
                () -> assertTrue(checkedOut > 0, "the shoppers checked out"),
                () -> assertEquals(List.of(), errors, "failed shop requests out of " + total),
                () -> assertEquals(0, verify.exitCode(),
                        "verify after DynamoDB came back and the backlog drained:\n" + verify.output()));
    }

    /** Waits (bounded) until the shoppers finished {@code more} further rounds. */
    private static void awaitRounds(List<LoadMix.Result> rounds, int more, String when) throws InterruptedException {
        int target;
        synchronized (rounds) {
            target = rounds.size() + more;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (rounds) {
                if (rounds.size() >= target) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the shoppers did not finish " + more + " round(s) " + when + " within 60 s");
    }
}
