package dev.shift.agent.validation;

import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.InMemoryStore;
import dev.shift.agent.dynamo.ItemReader;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.WritePlan;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.metrics.ValidationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shadow executor and its report, over the in-memory item store (no servers). */
class ShadowReadsTest {

    private static final String ADD = "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) "
            + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + ?";
    private static final String QUANTITY = "SELECT quantity FROM shopping_carts WHERE user_id = ? AND product_id = ?";
    private static final String CART_PAGE = "SELECT c.product_id, c.quantity, c.added_at, p.name, p.price FROM shopping_carts c "
            + "JOIN products p ON p.id = c.product_id WHERE c.user_id = ? ORDER BY c.added_at, c.product_id";
    private static final RowSet.Column QTY = new RowSet.Column("quantity", "quantity", "shopping_carts", Types.INTEGER, "INT", 0);

    private final SqlPlanner planner = new SqlPlanner(Mapping.defaultMapping());
    private final InMemoryStore store = new InMemoryStore(planner.mapping());
    private final ShiftMetrics metrics = new ShiftMetrics();
    private ShadowReads shadow;

    @BeforeEach
    void cart() throws Exception {
        new DynamoTransaction(store).execute((WritePlan) planner.plan(ADD),
                List.of(7L, 1L, 2, Timestamp.valueOf("2026-11-26 10:00:00.123"), 2), IdSource.NONE);
    }

    @AfterEach
    void close() {
        if (shadow != null) {
            shadow.close();
        }
    }

    @Test
    void equalAnswersMatchAndDifferentOnesAreReportedMasked() throws Exception {
        shadow = new ShadowReads(new ValidationSettings(100, 2, 10, 50, Set.of("product_id")), store, "Users", metrics);
        ReadPlan read = (ReadPlan) planner.plan(QUANTITY);
        shadow.submit(read, List.of(7L, 1L), quantity(2));
        shadow.submit(read, List.of(7L, 1L), quantity(3));
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));

        ValidationReport r = shadow.report();
        assertEquals(2, r.compared());
        assertEquals(1, r.matched());
        assertEquals(1, r.mismatches());
        assertEquals(new ValidationReport.Counts(2, 1, 0), r.byTable().get("shopping_carts"));
        assertEquals(new ValidationReport.Counts(2, 1, 0), r.byStatement().get(QUANTITY));
        ValidationReport.Mismatch m = r.recent().get(0);
        assertEquals("column quantity: MySQL 3, DynamoDB 2", m.detail());
        assertEquals(QUANTITY, m.sql());
        assertEquals(List.of("7", "***"), m.parameters(), "product_id is masked");
        assertEquals(List.of(List.of("3")), m.mysql().rows());
        assertEquals(List.of(List.of("2")), m.dynamodb().rows());
        assertTrue(m.key().contains("USER#7"), m.key());
        assertEquals(3, metrics.timedReads(Store.DYNAMODB), "each shadow read is timed (a mismatch is read twice)");
    }

    @Test
    void aDifferenceWhileTheTableWasWrittenIsNoVerdict() throws Exception {
        shadow = new ShadowReads(ValidationSettings.defaults(), store, "Users", metrics);
        ReadPlan read = (ReadPlan) planner.plan(QUANTITY);

        WriteWatch.Window raced = shadow.window(read);          // MySQL read: 0 rows …
        shadow.writeStarted("shopping_carts");                 // … then the app upserts the line
        shadow.writeFinished("shopping_carts");
        shadow.submit(read, List.of(7L, 1L), new RowSet(List.of(QTY), new ArrayList<>()), raced);

        WriteWatch.Window otherTable = shadow.window(read);     // a write elsewhere does not matter
        shadow.writeStarted("orders");
        shadow.writeFinished("orders");
        shadow.submit(read, List.of(7L, 1L), new RowSet(List.of(QTY), new ArrayList<>()), otherTable);
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));   // a window lasts until DynamoDB has answered

        shadow.writeStarted(null);                             // a COMMIT in progress counts on every table
        WriteWatch.Window duringCommit = shadow.window(read);
        shadow.writeFinished(null);
        shadow.submit(read, List.of(7L, 1L), quantity(2), duringCommit);   // equal answers match anyway
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));

        ValidationReport r = shadow.report();
        assertEquals(Map.of(ShadowReads.RACED, 1L), r.skippedByReason());
        assertEquals(1, r.mismatches(), "the quiet window's difference is a mismatch");
        assertEquals(1, r.matched());
    }

    @Test
    void joinsAreSkippedAndCountedThenKnownUpFront() throws Exception {
        shadow = new ShadowReads(ValidationSettings.defaults(), store, "Users", metrics);
        ReadPlan join = (ReadPlan) planner.plan(CART_PAGE);
        assertNull(shadow.reasonToSkip(join, true));
        shadow.submit(join, List.of(7L), new RowSet(List.of(QTY), new ArrayList<>()));
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(ShadowReads.JOIN, shadow.reasonToSkip(join, true));
        assertEquals(ShadowReads.TRANSACTION, shadow.reasonToSkip((ReadPlan) planner.plan(QUANTITY), false));
        ValidationReport r = shadow.report();
        assertEquals(0, r.compared());
        assertEquals(1, r.skipped());
        assertEquals(Map.of(ShadowReads.JOIN, 1L), r.skippedByReason());
    }

    @Test
    void aFullExecutorSkipsInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ItemReader slow = request -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.read(request);
        };
        shadow = new ShadowReads(new ValidationSettings(100, 1, 1, 50, Set.of()), slow, "Users", metrics);
        ReadPlan read = (ReadPlan) planner.plan(QUANTITY);
        shadow.submit(read, List.of(7L, 1L), quantity(2));   // runs (and blocks)
        started.await();
        shadow.submit(read, List.of(7L, 1L), quantity(2));   // waits in the queue
        long before = System.nanoTime();
        shadow.submit(read, List.of(7L, 1L), quantity(2));   // no room: skipped, at once
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(1).toNanos());
        assertEquals(Map.of(ShadowReads.BUSY, 1L), shadow.report().skippedByReason());
        release.countDown();
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(2, shadow.report().matched());
    }

    @Test
    void dynamoDbErrorsAreCountedNeverThrown() throws Exception {
        ItemReader down = request -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to execute HTTP request: Connection refused");
        };
        shadow = new ShadowReads(ValidationSettings.defaults(), down, "Users", metrics);
        shadow.submit((ReadPlan) planner.plan(QUANTITY), List.of(7L, 1L), quantity(2));
        assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));
        ValidationReport r = shadow.report();
        assertEquals(1, r.errors());
        assertEquals(0, r.compared());
        assertEquals(1, metrics.errors(Store.DYNAMODB));
        assertEquals(1, metrics.timedReads(Store.DYNAMODB));
        assertTrue(r.lastError().contains("DynamoDB could not be reached"), r.lastError());
        assertEquals(new ValidationReport.Counts(0, 0, 1), r.byTable().get("shopping_carts"));
    }

    @Test
    void samplingZeroComparesNothing() {
        shadow = new ShadowReads(new ValidationSettings(0, 1, 1, 50, Set.of()), store, "Users", metrics);
        for (int i = 0; i < 100; i++) {
            assertTrue(!shadow.sampled());
        }
        ShadowReads all = new ShadowReads(ValidationSettings.defaults(), store, "Users", metrics);
        assertTrue(all.sampled());
        all.close();
    }

    private static RowSet quantity(int q) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {q});
        return new RowSet(List.of(QTY), rows);
    }
}
