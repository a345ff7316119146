package dev.shift.agent.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.testkit.FaultRelay;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A segment reads its next chunk from MySQL while the current chunk's calls are in flight to DynamoDB (backfill's
 * writes, verify's reads): the two stores work at the same time. A {@link FaultRelay} holds the first calls to show
 * it: the next chunk has been read before any of them returned.
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
            CompletableFuture<Backfill.Result> run = Background.start(backfill::run);
            try {
                assertTrue(Background.eventually(() -> relay.received("BatchWriteItem") > 0), "the first chunk's writes were sent");
                assertTrue(Background.eventually(() -> backfill.stats().rowsRead.sum() >= 2 * CHUNK),
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

    @Test
    void verifyReadsTheNextChunkWhileTheItemsOfTheCurrentOneAreBeingRead() throws Exception {
        ShopHistory shop = new ShopHistory();
        try (shop; FaultRelay relay = FaultRelay.start(shop.dynamo.endpoint());
             DynamoDbClient client = DynamoGateway.client(relay.endpoint(), shop.dynamo.region(),
                     shop.dynamo.accessKeyId(), shop.dynamo.secretAccessKey())) {
            long rows = shop.generate(150, 600, 12);
            assertTrue(new Backfill(shop.stores(), new Backfill.Options(null, 2, CHUNK, 0, dir, false, false, 0),
                    Backfill.Progress.NONE).run().complete());
            AtomicInteger chunkReads = new AtomicInteger();   // keyset chunk queries (the only ones with a LIMIT)
            Stores.Connections real = Stores.connectorJ(shop.url(), shop.mysql.user(), shop.mysql.password());
            Stores stores = new Stores(() -> {
                Connection c = real.open();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (p, m, args) -> {
                            if (m.getName().equals("prepareStatement") && String.valueOf(args[0]).contains(" LIMIT ")) {
                                chunkReads.incrementAndGet();
                            }
                            try {
                                return m.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }, shop.url(), new DynamoGateway(client, shop.mapping));
            LongAdder compared = new LongAdder();
            Verify verify = new Verify(stores, new Verify.Options(null, 1, CHUNK)).progress(new Backfill.Progress() {
                @Override
                public void start(long totalRows, long alreadyDone) {
                }

                @Override
                public void advance(long n) {
                    compared.add(n);
                }

                @Override
                public void finish() {
                }
            });

            relay.hold("BatchGetItem");
            CompletableFuture<Verify.Result> run = Background.start(verify::run);
            try {
                assertTrue(Background.eventually(() -> relay.received("BatchGetItem") > 0), "the first chunk's items were asked for");
                assertTrue(Background.eventually(() -> chunkReads.get() >= 2),
                        "the second chunk read while the first one's items are held; chunk reads: " + chunkReads.get());
                assertEquals(0, compared.sum(), "no chunk compared yet");
            } finally {
                relay.release("BatchGetItem");
            }

            Verify.Result v = run.get(2, TimeUnit.MINUTES);
            assertEquals(List.of(), v.diffs());
            assertEquals(rows, v.rowsCompared());
        }
    }
}
