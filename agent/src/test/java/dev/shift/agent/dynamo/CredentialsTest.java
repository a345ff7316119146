package dev.shift.agent.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Shift's clients take the AWS SDK's default chain: temporary credentials (with a session token) work. */
class CredentialsTest {

    private static final List<String> KEYS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void temporaryCredentialsKeepTheirSessionToken() {
        System.setProperty("aws.accessKeyId", "ASIAEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");
        System.setProperty("aws.sessionToken", "the-session-token");
        URI endpoint = URI.create("http://127.0.0.1:9");
        DynamoClients.Timeouts t = new DynamoClients.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        for (DynamoDbClient client : List.of(DynamoGateway.client(endpoint, "eu-west-1", null, null),
                DynamoClients.retrying(endpoint, "eu-west-1", t), DynamoClients.singleAttempt(endpoint, "eu-west-1", t))) {
            try (client) {
                var identity = client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join();
                AwsSessionCredentialsIdentity session = assertInstanceOf(AwsSessionCredentialsIdentity.class, identity);
                assertEquals("the-session-token", session.sessionToken());
                assertEquals("ASIAEXAMPLE", session.accessKeyId());
            }
        }
    }
}
