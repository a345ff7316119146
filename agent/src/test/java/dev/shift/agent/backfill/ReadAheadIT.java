package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.testkit.FaultRelay;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A segment reads its next chunk from MySQL while the current chunk's writes are in flight to DynamoDB: the two
 * stores work at the same time. A {@link FaultRelay} holds the first BatchWriteItem calls to show it: the next
 * chunk has been read before any of them returned.
 */
class ReadAheadIT {
    private static final int CHUNK = 100;

    @TempDir
    java.nio.file.Path dir;

    @Test
    void theNextChunkIsReadWhileTheWritesOfTheCurrentOneAreInFlight() throws Exception {
        ShopHistory shop = new ShopHistory();
        try (shop; FaultRelay relay = FaultRelay.start(shop.dynamo.endpoint());
             DynamoDbClient client = DynamoGateway.client(relay.endpoint(), shop.dynamo.region(),
                     shop.dynamo.accessKeyId(), shop.dynamo.secretAccessKey())) {
            long rows = shop.generate(150, 600, 11);   // every table several chunks long
            Stores stores = new Stores(Stores.connectorJ(shop.url(), shop.mysql.user(), shop.mysql.password()),
                    shop.url(), new DynamoGateway(client, shop.mapping));
            Backfill backfill = new Backfill(stores, new Backfill.Options(null, 1, CHUNK, 0, dir, false, false, 0),
                    Backfill.Progress.NONE);

            relay.hold("BatchWriteItem");
            CompletableFuture<Backfill.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return backfill.run();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertTrue(eventually(() -> relay.received("BatchWriteItem") > 0), "the first chunk's writes were sent");
                assertTrue(eventually(() -> backfill.stats().rowsRead.sum() >= 2 * CHUNK),
                        "the second chunk read while the first one's writes are held; rows read: "
                                + backfill.stats().rowsRead.sum());
                assertEquals(0, backfill.stats().written.sum(), "no write has returned yet");
            } finally {
                relay.release("BatchWriteItem");
            }

            Backfill.Result r = run.get(2, TimeUnit.MINUTES);
            assertTrue(r.complete(), r.errors().toString());
            assertEquals(rows, r.stats().rowsRead.sum(), "each chunk read once");
            assertEquals(rows, shop.itemCount());
            assertEquals(List.of(), new Verify(shop.stores(), new Verify.Options(null, 2, CHUNK)).run().diffs());
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
