package dev.shift.it;

import dev.shift.it.harness.LoadMix;
import dev.shift.it.harness.ShiftCli;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.TestServers;
import dev.shift.it.harness.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every phase under a scripted shopper load, on a shop with history: zero failed requests in every phase,
 * and the stores hold what the phase table implies — nothing in DynamoDB in phase 1; after the backfill
 * (run while phase 2's dual writes go on) verify finds MySQL and DynamoDB equal, and they stay equal
 * through phases 3 and 4; phase 5 leaves MySQL untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhaseMatrixIT {
    private static final String GENERATOR_ONLY = "these statements come only from the set-up history generator";

    private static final int SHOPPERS = 8;
    private static final int THREADS = 4;
    private static final int SESSIONS = 3;

    private ShopWithShift system;
    private Stores stores;
    private ShiftCli cli;
    private LoadMix load;

    @BeforeAll
    void start() throws Exception {
        system = ShopWithShift.start("matrix", 1, ShopLaunch.JDK17, TestServers.dynamoDb(),
                Map.of("validation.min-compared", "1"), "--generate-history", "users=" + SHOPPERS + ",orders=80,seed=7");
        stores = system.stores();
        cli = system.cli();
        load = new LoadMix(system.process().shopUrl(), ShopWithShift.generatedShoppers(SHOPPERS), "password");
    }

    @AfterAll
    void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void phase1ServesTheLoadFromMysqlAndWritesNothingToDynamoDb() throws Exception {
        expectNoErrors(load.run(THREADS, SESSIONS, 1), 1);
        assertEquals(0, stores.dynamo().scan(s -> s.tableName(stores.table()).select("COUNT")).count(),
                "phase 1 writes nothing to DynamoDB");
    }

    @Test
    @Order(2)
    void phase2BackfillUnderDualWriteLoadEndsWithStoresEqual() throws Exception {
        switchTo(2);
        CompletableFuture<LoadMix.Result> during = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run(THREADS, SESSIONS, 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        ShiftCli.Run backfill = cli.backfill("--threads", "2", "--chunk", "50");
        expectNoErrors(during.get(), 2);
        backfill.expect(0);
        expectVerifyClean("after the backfill in phase 2");
    }

    @Test
    @Order(3)
    void phase3KeepsTheStoresEqual() throws Exception {
        switchTo(3);
        expectNoErrors(load.run(THREADS, SESSIONS, 3), 3);
        expectVerifyClean("after phase 3");
    }

    @Test
    @Order(4)
    void phase4ReadsDynamoDbAndKeepsTheStoresEqual() throws Exception {
        // The history generator's set-up statements (a MAX(id) over a whole table, multi-row INSERTs) run once, at
        // set-up: through Shift's router, or before it took over if start-up was slow. An operator who knows they
        // never run again overrides the checks they would fail.
        system.admin().switchToPhase(4, GENERATOR_ONLY, "reads-translatable").expect(200);
        expectNoErrors(load.run(THREADS, SESSIONS, 4), 4);
        expectVerifyClean("at the end of phase 4");
    }

    @Test
    @Order(5)
    void phase5ServesEverythingFromDynamoDbAndMysqlFollowsThroughTheReverseSync() throws Exception {
        system.admin().switchToPhase(5, GENERATOR_ONLY, "writes-translatable").expect(200);
        LoadMix.Result result = load.run(THREADS, SESSIONS, 5);
        expectNoErrors(result, 5);
        assertTrue(result.checkouts() > 0, "the mix checked out in phase 5");
        system.admin().awaitReverseSyncCaughtUp(java.time.Duration.ofSeconds(60));
        expectVerifyClean("after phase 5, once the reverse sync caught up");
    }

    private void switchTo(int phase) {
        system.admin().switchToPhase(phase).expect(200);
    }

    private void expectVerifyClean(String when) throws Exception {
        ShiftCli.Run verify = cli.verify();
        assertEquals(0, verify.exitCode(), "verify " + when + " must find MySQL and DynamoDB equal:\n" + verify.output());
    }

    private static void expectNoErrors(LoadMix.Result result, int phase) {
        assertTrue(result.requests() > 0, "phase " + phase + ": the load ran");
        assertEquals(List.of(), result.errors(), "phase " + phase + ": failed requests out of " + result.requests());
    }
}
