package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.testkit.FaultRelay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A chunk's rows stay locked while its items are written, and no longer than its copy may take: a DynamoDB that hangs
 * fails the chunk (done again later) instead of holding the application's rows until its writes give up on the lock.
 */
class LockedChunkIT {

    @TempDir
    Path dir;

    @Test
    void aHungDynamoDbFailsTheChunkInsteadOfHoldingTheApplicationsRows() throws Exception {
        ShopHistory shop = new ShopHistory();
        try (shop; FaultRelay relay = FaultRelay.start(shop.dynamo.endpoint());
             DynamoDbClient client = DynamoGateway.client(relay.endpoint(), shop.dynamo.region(),
                     shop.dynamo.accessKeyId(), shop.dynamo.secretAccessKey())) {
            shop.generate(20, 100, 5);
            Stores stores = new Stores(Stores.connectorJ(shop.url(), shop.mysql.user(), shop.mysql.password()),
                    shop.url(), new DynamoGateway(client, shop.mapping));
            Backfill.Options orders = new Backfill.Options(Set.of("orders"), 1, 1_000, 0, dir, false, false, 0);
            Backfill backfill = new Backfill(stores, orders, Backfill.Progress.NONE).copyCallTimeout(Duration.ofSeconds(1));

            relay.hold("BatchWriteItem");   // DynamoDB answers no write (the relay lets them through after 30 s)
            CompletableFuture<Backfill.Result> run = Background.start(backfill::run);
            Backfill.Result r;
            try (Connection app = shop.connect(); Statement st = app.createStatement()) {
                assertTrue(Background.eventually(() -> relay.received("BatchWriteItem") > 0), "the chunk's writes are in flight");
                st.execute("SET SESSION innodb_lock_wait_timeout = 20");
                // waits for the chunk's shared lock, which is given up once the copy's time is over: well within 20 s
                assertEquals(1, st.executeUpdate("UPDATE orders SET status = 'shipped' WHERE id = 1"));
                r = run.get(2, TimeUnit.MINUTES);
            } finally {
                relay.release("BatchWriteItem");
            }
            assertFalse(r.complete(), "DynamoDB took no write");
            assertTrue(r.errors().toString().contains("orders") && r.errors().toString().contains("Timeout"), r.errors().toString());
            assertTrue(r.stats().retried.sum() >= 3, "the chunk was tried again before the segment gave up");

            // the writes the relay held land now, late (their client gave up); a new run copies MySQL's state again
            int sent = relay.received("BatchWriteItem");
            assertTrue(Background.eventually(() -> relay.forwarded("BatchWriteItem") == sent), "the held writes landed");
            Backfill.Result again = new Backfill(stores, orders, Backfill.Progress.NONE).run();
            assertTrue(again.complete(), again.errors().toString());
            assertEquals(List.of(), new Verify(shop.stores(), new Verify.Options(Set.of("orders"), 1, 300)).run().diffs());
        }
    }
}
