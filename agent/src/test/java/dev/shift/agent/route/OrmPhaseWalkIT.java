package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.ormshop.Workload;
import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.Backfill;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.mapping.Mapping;
import dev.shift.core.flags.Phase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hibernate shop ({@link Workload}) under load while the operator walks the phases 1 → 2 → 3 → 4 → 5: workers run
 * its workload round after round, each round on users of its own, and every round's output must be phase 1's with no
 * step failing, rounds that span a move included. Phase 1's history is backfilled in phase 2 while the load runs;
 * with the load stopped in phase 4, verify finds MySQL and DynamoDB equal. Real MariaDB through MariaDB's own driver
 * (the ORM test on Connector/J is {@link OrmShopIT}), a private DynamoDB-compatible server.
 */
class OrmPhaseWalkIT {
    private static final int WORKERS = 3;
    private static final int ROUNDS_PER_PHASE = 2 * WORKERS;

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    @Test
    void aHibernateShopUnderLoadSeesPhase1sOutputThroughTheWalkAndVerifyFindsNoDifference(@TempDir Path dir)
            throws Exception {
        try (RouterFixture fx = new RouterFixture(servers.mysql(), servers.client(), Mapping.defaultMapping(), Phase.MYSQL_ONLY, true, st -> {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        })) {
            fx.drainer.start();   // phases 2-3: untranslated writes' rows copied from MySQL, as Shift's thread does
            Workload reference = new Workload(1_000);
            try (SessionFactory sf = HibernateOnShift.sessionFactory(fx, null)) {
                reference.run(sf);
                assertEquals(List.of(), failures(reference, "the reference round (phase 1)"));
                List<String> expected = results(reference);
                Stores stores = new Stores(fx::raw, "test", fx.gateway);

                Load load = new Load(sf, fx, expected).start();
                load.await(ROUNDS_PER_PHASE);
                load.stop();   // the move to phase 2 and the backfill's start with no transaction of phase 1 open

                fx.control.change(Phase.DUAL_WRITE.flags(), "walk");
                load = new Load(sf, fx, expected, load).start();
                Backfill.Result backfill = new Backfill(stores, new Backfill.Options(null, 2, 100, 0, dir.resolve("cp"),
                        false, false, 0), Backfill.Progress.NONE).run();
                assertTrue(backfill.complete(), "phase 1's history backfilled under load: " + backfill);
                load.await(ROUNDS_PER_PHASE);
                for (Phase next : new Phase[] {Phase.DUAL_READ, Phase.DYNAMODB_READ}) {
                    fx.control.change(next.flags(), "walk");
                    load.await(ROUNDS_PER_PHASE);
                }
                load.stop();
                awaitOutboxEmpty(fx);
                Verify.Result verify = new Verify(stores, new Verify.Options(null, 2, 300)).run();
                assertEquals(List.of(), verify.diffs(), "MySQL and DynamoDB agree in phase 4 (" + verify.rowsCompared()
                        + " rows compared)");
                assertTrue(verify.rowsCompared() > 100, "verify compared the shop's rows: " + verify.rowsCompared());

                load = new Load(sf, fx, expected, load).start();
                fx.control.change(Phase.DYNAMODB_ONLY.flags(), "walk");
                load.await(ROUNDS_PER_PHASE);
                load.stop();
                System.out.println("OrmPhaseWalkIT: " + load.rounds.get() + " rounds of " + expected.size() + " steps, "
                        + load.problems.size() + " failed or different step(s), verify compared "
                        + verify.rowsCompared() + " rows");
                assertEquals(List.of(), load.problems.subList(0, Math.min(10, load.problems.size())),
                        load.problems.size() + " step(s) failed or differed from phase 1");
            }
        }
    }

    /** Workers running the workload round after round, each round on four users no other round uses. */
    private static final class Load {
        private final SessionFactory sf;
        private final RouterFixture fx;
        private final List<String> expected;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> workers = new ArrayList<>();
        final AtomicInteger rounds;
        final AtomicLong nextUser;
        final List<String> problems;

        Load(SessionFactory sf, RouterFixture fx, List<String> expected) {
            this.sf = sf;
            this.fx = fx;
            this.expected = expected;
            this.rounds = new AtomicInteger();
            this.nextUser = new AtomicLong(10_000);
            this.problems = java.util.Collections.synchronizedList(new ArrayList<>());
        }

        /** Goes on where {@code before} stopped: its counts, users and problems. */
        Load(SessionFactory sf, RouterFixture fx, List<String> expected, Load before) {
            this.sf = sf;
            this.fx = fx;
            this.expected = expected;
            this.rounds = before.rounds;
            this.nextUser = before.nextUser;
            this.problems = before.problems;
        }

        Load start() {
            for (int w = 0; w < WORKERS; w++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        String round = "round begun in phase " + fx.control.flags().phaseNumber();
                        Workload shop = new Workload(nextUser.getAndAdd(4));
                        shop.run(sf);
                        problems.addAll(failures(shop, round));
                        List<String> got = results(shop);
                        for (int i = 0; i < Math.max(got.size(), expected.size()); i++) {
                            boolean threw = i < shop.steps().size() && shop.steps().get(i).error() != null;   // listed above
                            String e = i < expected.size() ? expected.get(i) : null;
                            String g = i < got.size() ? got.get(i) : null;
                            if (!threw && !java.util.Objects.equals(e, g)) {
                                problems.add(round + ", step " + i + ": got " + g + "\n  phase 1: " + e);
                            }
                        }
                        rounds.incrementAndGet();
                    }
                }, "orm-shopper-" + w);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            return this;
        }

        /** Waits (bounded) for {@code more} rounds to finish. */
        void await(int more) throws InterruptedException {
            int target = rounds.get() + more;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
            while (rounds.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the shoppers did not finish " + more + " rounds within 120 s");
                }
                Thread.sleep(20);
            }
        }

        /** Lets each worker finish its round, then waits for it (bounded). */
        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : workers) {
                t.join(120_000);
                assertTrue(!t.isAlive(), t.getName() + " did not finish its round within 120 s");
            }
        }
    }

    private static List<String> results(Workload shop) {
        return shop.steps().stream().map(s -> s.name() + " -> " + s.result()).toList();
    }

    private static List<String> failures(Workload shop, String round) {
        return shop.steps().stream().filter(s -> s.error() != null)
                .map(s -> round + ", step " + s.name() + " threw: " + s.error()).toList();
    }

    private static void awaitOutboxEmpty(RouterFixture fx) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!fx.outbox.oldest(1).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the outbox did not drain within 60 s: " + fx.outbox.oldest(5));
            }
            Thread.sleep(50);
        }
    }
}
