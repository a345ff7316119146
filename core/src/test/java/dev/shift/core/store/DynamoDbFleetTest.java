package dev.shift.core.store;

import dev.shift.core.control.ControlPlane;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two instances of the application sharing one DynamoDB flag store (dynalite from the testkit). */
class DynamoDbFleetTest {

    static DynamoDbServer server;
    static DynamoDbClient client;

    final String table = "shift-control-" + UUID.randomUUID();
    final List<DynamoDbFlagStore> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = TestServers.dynamoDb();
        client = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .httpClient(ApacheHttpClient.create()).build();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(DynamoDbFlagStore::close);
    }

    DynamoDbFlagStore store(String instance, Duration poll) {
        DynamoDbFlagStore s = DynamoDbFlagStore.builder().client(client).table(table).instanceId(instance).pollInterval(poll).build();
        opened.add(s);
        return s;
    }

    @Test
    void operatorActionsShareTheVersionInForceWithoutReplacingItsChange() {
        MigrationControl a = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        DynamoDbFlagStore storeA = store("app-a", Duration.ofSeconds(1));
        ControlPlane plane = new ControlPlane(a, storeA, Clock.systemUTC());
        plane.phase(2, "alice", "dual write");
        plane.record(dev.shift.core.audit.Action.BACKLOG_RETRY, "alice", "", "retried backlog entry 1");
        plane.record(dev.shift.core.audit.Action.BACKLOG_DISCARD, "bob", "after repair", "discarded backlog entry 2");
        plane.phase(3, "alice", "");

        var page = storeA.audit(10, 0);
        assertEquals(4, page.total());
        assertEquals(List.of("phase", "backlog_discard", "backlog_retry", "phase"),
                page.entries().stream().map(e -> e.action().wireName()).toList(), "newest first");
        assertEquals(List.of(2L, 1L, 1L, 1L), page.entries().stream().map(e -> e.version()).toList());
        assertEquals("discarded backlog entry 2", page.entries().get(1).summary());
        assertEquals("after repair", page.entries().get(1).reason());
        assertEquals("phase 1 (MySQL only) → phase 2 (Dual write, MySQL read)", page.entries().get(3).summary());
    }

    @Test
    void aChangeOnOneInstanceIsAppliedByTheOtherWithinTwoSeconds() throws Exception {
        MigrationControl a = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        MigrationControl b = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        DynamoDbFlagStore storeA = store("app-a", Duration.ofSeconds(1));
        DynamoDbFlagStore storeB = store("app-b", Duration.ofSeconds(1));
        storeA.follow(a);
        storeB.follow(b);
        ControlPlane planeA = new ControlPlane(a, storeA, Clock.systemUTC());

        planeA.phase(2, "alice", "dual write for the fleet");
        long changedAt = System.nanoTime();

        while (b.state().version() < 1 && System.nanoTime() - changedAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(20);
        }
        long tookMillis = (System.nanoTime() - changedAt) / 1_000_000;
        assertEquals(Phase.DUAL_WRITE.flags(), b.flags(), "applied on the other instance");
        assertTrue(tookMillis < 2_000, "applied within 2 s, took " + tookMillis + " ms");
        assertEquals("alice", b.state().changedBy());

        // Both instances report the version they run; the audit entry is shared.
        awaitInstances(storeB, b, 2, 1);
        assertEquals(1, storeB.audit(10, 0).total());
        assertEquals("dual write for the fleet", storeB.audit(10, 0).entries().get(0).reason());
    }

    @Test
    void concurrentConflictingChangesOneWinsTheOtherGetsAConflict() throws Exception {
        MigrationControl a = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        MigrationControl b = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        ControlPlane planeA = new ControlPlane(a, store("app-a", Duration.ofMinutes(1)), Clock.systemUTC());
        ControlPlane planeB = new ControlPlane(b, store("app-b", Duration.ofMinutes(1)), Clock.systemUTC());

        // Both operators decide on version 0 at the same moment.
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> {
                go.await();
                return planeA.phase(2, "alice", "");
            });
            var fb = pool.submit(() -> {
                go.await();
                return planeB.phase(3, "bob", "");
            });
            go.countDown();
            List<Throwable> failures = new ArrayList<>();
            int wins = 0;
            for (var fut : List.of(fa, fb)) {
                try {
                    fut.get();
                    wins++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertEquals(1, wins, "exactly one change wins");
            assertEquals(1, failures.size());
            assertTrue(failures.get(0) instanceof VersionConflictException, String.valueOf(failures.get(0)));
            assertTrue(failures.get(0).getMessage().contains("changed concurrently"), failures.get(0).getMessage());
        } finally {
            pool.shutdownNow();
        }
        // The loser already runs the winner's flags; the store holds one change.
        assertEquals(a.state().flags(), b.state().flags());
        assertEquals(1, a.state().version());
        assertEquals(1, b.state().version());
        DynamoDbFlagStore fresh = store("app-c", Duration.ofMinutes(1));
        assertEquals(1, fresh.load().orElseThrow().version());
        assertEquals(1, fresh.audit(10, 0).total());

        // A change based on a stale version fails too, even without a race.
        ControlPlane staleC = new ControlPlane(MigrationControl.startingIn(Phase.MYSQL_ONLY), fresh, Clock.systemUTC());
        assertThrows(VersionConflictException.class, () -> staleC.phase(4, "carol", ""));
    }

    @Test
    void auditPagesNewestFirstAcrossTheFleet() {
        MigrationControl a = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        ControlPlane plane = new ControlPlane(a, store("app-a", Duration.ofMinutes(1)), Clock.systemUTC());
        for (int p = 2; p <= 5; p++) {
            plane.phase(p, "alice", "");
        }
        var page = plane.store().audit(2, 1);
        assertEquals(4, page.total());
        assertEquals(List.of(3L, 2L), page.entries().stream().map(e -> e.version()).toList());
    }

    @Test
    void instancesGoneForADayAreNoLongerListedEvenWithoutATtl() throws Exception {
        MigrationControl a = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        DynamoDbFlagStore storeA = store("app-a", Duration.ofSeconds(1));
        storeA.follow(a);
        Instant now = Instant.now();
        heartbeatOf("stopped-an-hour-ago", now.minus(Duration.ofHours(1)));
        heartbeatOf("stopped-two-days-ago", now.minus(Duration.ofDays(2)));

        List<InstanceStatus> list = storeA.instances(a);

        assertEquals(List.of("app-a", "stopped-an-hour-ago"), list.stream().map(InstanceStatus::instanceId).sorted().toList());
        assertTrue(list.stream().filter(i -> !i.self()).allMatch(InstanceStatus::stale), list.toString());
    }

    /** A heartbeat as an instance last wrote it at {@code lastSeen} (expiring a day later). */
    private void heartbeatOf(String instance, Instant lastSeen) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("instance"),
                "sk", AttributeValue.fromS(instance),
                "appliedVersion", AttributeValue.fromN("0"),
                "lastSeen", AttributeValue.fromS(lastSeen.toString()),
                "expiresAt", AttributeValue.fromN(
                        Long.toString(lastSeen.plus(Duration.ofDays(1)).getEpochSecond())))));
    }

    private static void awaitInstances(DynamoDbFlagStore store, MigrationControl control, int count, long version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<InstanceStatus> list = List.of();
        while (System.nanoTime() < deadline) {
            list = store.instances(control);
            if (list.size() == count && list.stream().allMatch(i -> i.appliedVersion() == version && !i.stale())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("instances did not report version " + version + ": " + list);
    }
}
