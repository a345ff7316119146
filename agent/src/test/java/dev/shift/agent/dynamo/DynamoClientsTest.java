package dev.shift.agent.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.mapping.Mapping;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Each of Shift's clients names its part in the User-Agent, which DynamoDB's request logs keep. */
class DynamoClientsTest {

    private HttpServer server;
    private final List<String> userAgents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            userAgents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
            ex.sendResponseHeaders(400, -1);   // an error is enough: the request has been seen
            ex.close();
        });
        server.start();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void statementsBackgroundAndCommandLineAreToldApart() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        DynamoClients.Timeouts t = new DynamoClients.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        call(DynamoClients.singleAttempt(endpoint, "eu-west-1", t), DynamoClients.STATEMENTS);
        call(DynamoGateway.client(endpoint, "eu-west-1", null, null), DynamoClients.BACKGROUND);
        call(DynamoGateway.client(endpoint, "eu-west-1", null, null, DynamoClients.COMMAND_LINE),
                DynamoClients.COMMAND_LINE);
    }

    /** A call made for correctness says so (and why); the statement's own calls do not. */
    @Test
    void callsMadeForCorrectnessSayWhy() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (DynamoDbClient client = DynamoGateway.client(endpoint, "eu-west-1", null, null)) {
            DynamoGateway gateway = new DynamoGateway(client, Mapping.defaultMapping());
            ItemKey cart = new ItemKey("USER#1", "CART#2");
            assertThrows(SdkException.class, () -> gateway.write(ReverseLog.entry(gateway.mapping(), List.of(cart), 1L)));
            assertThrows(SdkException.class, () -> gateway.write(new ItemWrite.Delete(cart, Condition.NONE, false)));
        }
        assertEquals(2, userAgents.size(), userAgents.toString());
        assertTrue(userAgents.get(0).contains("shift-check/reverse-log"), userAgents.get(0));
        assertFalse(userAgents.get(1).contains("shift-check"), userAgents.get(1));
    }

    private void call(DynamoDbClient client, String caller) {
        userAgents.clear();
        try (client) {
            assertThrows(SdkException.class, () -> client.describeTable(r -> r.tableName("t")));
        }
        assertTrue(!userAgents.isEmpty() && userAgents.stream().allMatch(ua -> ua.contains(caller)),
                caller + " not in " + userAgents);
    }
}
