package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.reverse.ReverseSync;
import dev.shift.core.flags.Phase;
import dev.shift.testkit.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Can the way back keep up with a busy phase 5? By hand (a minute or two; it reports, CI does not run it):
 * {@code mvn -B -o -pl agent test -Dtest=ReverseSyncRateTest -Dshift.reverse.writes=3000 [-Dshift.reverse.threads=4]}.
 * The application's writers (cart upserts, each leaving a reverse-log entry) run first, then the reverse sync copies
 * the backlog into MySQL; both rates are printed with their ratio (above 1: the sync copies faster than that many
 * writers write), and MySQL must end as DynamoDB is.
 */
@EnabledIfSystemProperty(named = "shift.reverse.writes", matches = "\\d+")
class ReverseSyncRateTest {

    @Test
    void theReverseSyncCopiesABusyPhase5sBacklog() throws Exception {
        int writes = Integer.getInteger("shift.reverse.writes");
        int threads = Integer.getInteger("shift.reverse.threads", 4);
        var dynamo = TestServers.dynamoDb();
        DynamoDbClient client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(),
                dynamo.secretAccessKey());
        try (client; RouterFixture shop = new RouterFixture(TestServers.mariaDb(), client, Mapping.defaultMapping(),
                Phase.DYNAMODB_ONLY, false, ShopSchema::createMigratedTables)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                fs.add(pool.submit(() -> {
                    try (Connection app = shop.app(); PreparedStatement ps = app.prepareStatement("INSERT INTO "
                            + "shopping_carts (user_id, product_id, quantity, added_at) VALUES (?, ?, 1, ?) "
                            + "ON DUPLICATE KEY UPDATE quantity = quantity + 1")) {
                        for (int i = writer; i < writes; i += threads) {
                            ps.setLong(1, i % 200);
                            ps.setLong(2, i / 200);
                            ps.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
                            ps.executeUpdate();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            double writeSecs = (System.nanoTime() - t0) / 1e9;
            Mapping m = shop.planner.mapping();
            ReverseSync sync = new ReverseSync(new ReverseLog(shop.gateway), new RowsFromItems(m, shop.gateway), shop::raw,
                    new IdAllocator(shop.gateway), m, shop.control::state, new DynamoOnlyWrites(), Clock.systemUTC());
            long t1 = System.nanoTime();
            int copied = 0;
            for (int n = sync.syncOnce(); n > 0; n = sync.syncOnce()) {
                copied += n;
            }
            double syncSecs = (System.nanoTime() - t1) / 1e9;
            sync.close();
            System.err.printf("phase 5: %d writes by %d writers in %.2f s (%.0f/s); the reverse sync copied %d entries in "
                    + "%.2f s (%.0f/s): %.2f× the writers' rate%n", writes, threads, writeSecs, writes / writeSecs, copied,
                    syncSecs, copied / syncSecs, (copied / syncSecs) / (writes / writeSecs));
            assertEquals(writes, copied, "every write's entry copied once");
            assertEquals(List.of(), new Verify(new Stores(shop::raw, "test", shop.gateway), new Verify.Options(null, 2, 500))
                    .run().diffs(), "MySQL holds exactly what DynamoDB holds");
        }
    }
}
