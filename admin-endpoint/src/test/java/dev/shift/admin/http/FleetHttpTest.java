package dev.shift.admin.http;

import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.DynamoDbFlagStore;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.TestServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.shift.admin.http.Fixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet seen through the API: status lists every instance, a stale change gets 409. */
class FleetHttpTest {

    @Test
    void statusListsInstancesAndAStaleChangeIs409() throws Exception {
        DynamoDbServer ddb = TestServers.dynamoDb();
        String table = "shift-http-" + UUID.randomUUID();
        Map<String, Operator> tokens = Map.of(ALICE, Operator.operator("alice"));
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.of(ddb.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ddb.accessKeyId(), ddb.secretAccessKey())))
                .httpClient(ApacheHttpClient.create()).build();
             AdminServer a = server(client, table, "app-a", Duration.ofMillis(500), tokens);
             // b polls rarely, so it stays on version 0 long enough to make a stale change
             AdminServer b = server(client, table, "app-b", Duration.ofMinutes(1), tokens)) {
            Http httpA = new Http(a.port());
            Http httpB = new Http(b.port());

            // b's first poll runs as it starts; once its heartbeat is listed, its next poll is a minute away
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!instanceIds(httpA.get("/api/migration/status", ALICE).json()).contains("app-b")) {
                assertTrue(System.nanoTime() < deadline, "instance app-b never reported in");
                Thread.sleep(50);
            }
            assertEquals(200, httpA.postJson("/api/migration/phase", ALICE, "{\"phase\": 2}").status());
            Http.Response stale = httpB.postJson("/api/migration/phase", ALICE, "{\"phase\": 3}");

            assertEquals(409, stale.status(), stale.body());
            assertEquals("conflict", stale.json().get("error"));
            assertTrue(stale.json().get("message").toString().contains("version 1 by alice"), stale.body());
            Map<String, Object> statusB = httpB.get("/api/migration/status", ALICE).json();
            assertEquals(2, statusB.get("phase"), "the loser now runs the winner's phase");

            Map<String, Object> statusA = httpA.get("/api/migration/status", ALICE).json();
            assertEquals(List.of("app-a", "app-b"), instanceIds(statusA));
            assertEquals(true, statusA.get("fleetConverged"), statusA.toString());
        }
    }

    @Test
    void theDynamoDbStoreFromAgentOptions() {
        DynamoDbServer ddb = TestServers.dynamoDb();
        // The SDK's default chain reads these; a real deployment has its own credentials.
        System.setProperty("aws.accessKeyId", ddb.accessKeyId());
        System.setProperty("aws.secretAccessKey", ddb.secretAccessKey());
        try {
            AdminConfig cfg = AdminConfig.from(Map.of("flagstore", "dynamodb", "flagstore.endpoint", ddb.endpoint().toString(),
                    "flagstore.region", ddb.region(), "flagstore.table", "shift-cfg-" + UUID.randomUUID(), "instance.id", "cfg-1"));
            var store = cfg.openStore();
            assertTrue(store instanceof DynamoDbFlagStore, store.describe());
            MigrationControl control = new MigrationControl(cfg.initialState(store));
            assertEquals(0, control.state().version(), "fresh table");
            try (AdminServer s = AdminServer.builder().config(cfg).control(control).store(store).port(0).build().start()) {
                assertEquals(200, new Http(s.port()).postJson("/api/migration/phase", null, "{\"phase\": 2}").status());
            } // closes the store and the client it built
            try (var again = cfg.openStore()) {
                assertEquals(2, cfg.initialState(again).flags().phaseNumber(), "a restart comes back in phase 2");
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static AdminServer server(DynamoDbClient client, String table, String id, Duration poll, Map<String, Operator> tokens) {
        return AdminServer.builder().control(MigrationControl.startingIn(Phase.MYSQL_ONLY))
                .store(DynamoDbFlagStore.builder().client(client).table(table).instanceId(id).pollInterval(poll).build())
                .tokens(tokens).port(0).build().start();
    }

    private static List<Object> instanceIds(Map<String, Object> status) {
        List<?> instances = (List<?>) status.get("instances");
        return instances == null ? List.of() : instances.stream().map(i -> ((Map<?, ?>) i).get("instanceId")).sorted().map(Object.class::cast).toList();
    }
}
