package dev.shift.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;
import dev.shift.it.harness.ShopClient;
import dev.shift.it.harness.ShopWithShift;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second application Shift was not written for, as an operator attaches Shift to it: the ORM shop (Hibernate 6
 * entities over the shop's schema, HikariCP, MariaDB's own driver; module {@code orm-shop}) in its own JVM with the
 * agent jar, walked 1 → 2 → 3 → 4 → 5 → 4 through the admin API while shoppers run its workload round after round, each
 * round on four users of its own. The backfill and the verify run as the admin API's jobs inside the application, and
 * every move is decided by the gates on their own evidence: none is overridden, so Hibernate's SQL must be fully
 * answerable from DynamoDB (the statements API must say so too). Every round's output must equal phase 1's, with no
 * step failing, rounds spanning a move included; after the way back to phase 4, verify finds phase 5's writes in MySQL.
 */
class OrmShopWalkIT {
    private static final int SHOPPERS = 3;
    private static final int ROUNDS_PER_PHASE = 2 * SHOPPERS;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void theOrmShopWalksToPhase5UnderLoadThroughTheGatesWithPhase1sOutput() throws Exception {
        try (ShopWithShift system = ShopWithShift.startOrmShop("ormwalk", 1, Map.of("validation.min-compared", "1"))) {
            AdminClient admin = system.admin();
            List<String> expected = round(system, 1_000);
            assertEquals(List.of(), expected.stream().filter(l -> l.contains(" threw: ")).toList(),
                    "the reference round, phase 1 (MySQL alone)");
            Shoppers shoppers = new Shoppers(system, expected);
            long compared;
            try {
                shoppers.await(ROUNDS_PER_PHASE);

                admin.switchToPhase(2).expect(200);
                shoppers.awaitRoundsBegunNow();   // rounds begun in phase 1 have ended before the history is copied
                Map<String, Object> backfill = admin.awaitJob("backfill",
                        id(admin.startJob("backfill", "{\"threads\": 2}").expect(202)) - 1, JOB_TIMEOUT);
                assertEquals("complete", backfill.get("state"), "backfill under load: " + backfill);
                shoppers.await(ROUNDS_PER_PHASE);

                admin.switchToPhase(3).expect(200);
                shoppers.await(ROUNDS_PER_PHASE);   // the shadow reads compare Hibernate's reads
                Map<String, Object> verify = admin.awaitJob("verify",
                        id(admin.startJob("verify", "{}").expect(202)) - 1, JOB_TIMEOUT);
                assertEquals("complete", verify.get("state"), "verify under load: " + verify);
                Map<?, ?> counts = (Map<?, ?>) verify.get("counts");
                assertEquals(0L, ((Number) counts.get("differences")).longValue(), "verify under load, phase 3: " + verify);
                compared = ((Number) counts.get("rows_compared")).longValue();
                assertTrue(compared > 50, "verify compared the shop's rows: " + verify);

                admin.switchToPhase(4).expect(200);
                shoppers.await(ROUNDS_PER_PHASE);
                admin.switchToPhase(5).expect(200);
                shoppers.await(ROUNDS_PER_PHASE);

                // And back, under load: the move holds phase 5's writes while the reverse sync brings MySQL level.
                admin.switchToPhase(4).expect(200);
                shoppers.await(ROUNDS_PER_PHASE);
                Map<String, Object> back = admin.awaitJob("verify",
                        id(admin.startJob("verify", "{}").expect(202)) - 1, JOB_TIMEOUT);
                assertEquals(0L, ((Number) ((Map<?, ?>) back.get("counts")).get("differences")).longValue(),
                        "verify under load after the way back to phase 4: " + back);
            } finally {
                shoppers.stop();
            }

            Map<String, Object> statements = JSON.std.mapFrom(admin.statements().expect(200).body());
            assertEquals(0, ((Number) statements.get("notAnswerableFromDynamoDb")).intValue(),
                    "every statement Hibernate sent is answerable from DynamoDB: " + statements);
            System.out.println("OrmShopWalkIT: " + shoppers.rounds.get() + " rounds of " + expected.size() + " lines, "
                    + shoppers.problems.size() + " failed or different, verify compared " + compared + " rows, "
                    + statements.get("distinct") + " distinct statements, all answerable from DynamoDB");
            assertTrue(shoppers.rounds.get() >= 5 * ROUNDS_PER_PHASE, "rounds: " + shoppers.rounds.get());
            assertEquals(List.of(), shoppers.problems.subList(0, Math.min(10, shoppers.problems.size())),
                    shoppers.problems.size() + " step(s) failed or differed from phase 1; shop log "
                            + system.shopLog() + ":\n" + system.process().logTail(40));
        }
    }

    /** One run of the shop's workload on users {@code firstUser}..+3: its steps' lines. */
    private static List<String> round(ShopWithShift system, long firstUser) {
        String body = new ShopClient(system.process().shopUrl()).post("/workload?first-user=" + firstUser, "")
                .expect(200).body();
        return List.of(body.split("\n"));
    }

    private static long id(ShopClient.Response started) throws IOException {
        return ((Number) ((Map<?, ?>) JSON.std.mapFrom(started.body()).get("run")).get("id")).longValue();
    }

    /** Shoppers running rounds until stopped; each round's lines are compared with phase 1's. */
    private static final class Shoppers {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong nextUser = new AtomicLong(10_000);
        final AtomicInteger rounds = new AtomicInteger();
        private final AtomicInteger[] roundsByShopper = new AtomicInteger[SHOPPERS];
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        Shoppers(ShopWithShift system, List<String> expected) {
            for (int i = 0; i < SHOPPERS; i++) {
                AtomicInteger mine = roundsByShopper[i] = new AtomicInteger();
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        String when = "round begun in phase " + phase(system);
                        try {
                            List<String> got = round(system, nextUser.getAndAdd(4));
                            for (int s = 0; s < Math.max(got.size(), expected.size()); s++) {
                                String e = s < expected.size() ? expected.get(s) : null;
                                String g = s < got.size() ? got.get(s) : null;
                                if (!Objects.equals(e, g)) {
                                    problems.add(when + ", step " + s + ": got " + g + "\n  phase 1: " + e);
                                }
                            }
                        } catch (RuntimeException e) {
                            problems.add(when + ": the request failed: " + e);
                        }
                        mine.incrementAndGet();
                        rounds.incrementAndGet();
                    }
                }, "orm-shopper-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private static String phase(ShopWithShift system) {
            try {
                return String.valueOf(JSON.std.mapFrom(system.admin().status().expect(200).body()).get("phase"));
            } catch (IOException | RuntimeException e) {
                return "? (" + e.getMessage() + ")";
            }
        }

        /** Waits (bounded) for {@code more} rounds to finish. */
        void await(int more) throws InterruptedException {
            int target = rounds.get() + more;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (rounds.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the shoppers did not finish " + more + " rounds within 120 s ("
                            + problems.size() + " problems so far)");
                }
                Thread.sleep(20);
            }
        }

        /** Waits (bounded) until every shopper has finished a round begun after this call. */
        void awaitRoundsBegunNow() throws InterruptedException {
            int[] from = new int[SHOPPERS];
            for (int i = 0; i < SHOPPERS; i++) {
                from[i] = roundsByShopper[i].get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (int i = 0; i < SHOPPERS; i++) {
                while (roundsByShopper[i].get() < from[i] + 2) {   // the round under way, then one begun after
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("shopper " + i + " did not finish two rounds within 120 s");
                    }
                    Thread.sleep(20);
                }
            }
        }

        /** Lets each shopper finish its round, then waits for it (bounded). */
        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(120_000);
                assertTrue(!t.isAlive(), t.getName() + " did not finish its round within 120 s");
            }
        }
    }
}
