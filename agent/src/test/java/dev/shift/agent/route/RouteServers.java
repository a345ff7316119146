package dev.shift.agent.route;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real servers of a route IT: the run's private MariaDB and a DynamoDB-compatible server of the test class's own,
 * with a client for it. {@code @RegisterExtension static final RouteServers servers = new RouteServers();}
 */
final class RouteServers implements BeforeAllCallback, AfterAllCallback {
    private MariaDbServer mysql;
    private DynamoDbServer dynamo;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();
        client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        dynamo.close();
    }

    MariaDbServer mysql() {
        return mysql;
    }

    DynamoDbClient client() {
        return client;
    }
}
