package dev.shift.agent.dynamo;

import java.net.URI;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ApiName;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import java.time.Duration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB clients of the statement path, bounded in time: a connect timeout, a timeout per attempt and one for
 * the whole call, so a statement never waits longer than {@link Timeouts#call()} for DynamoDB (the defaults suit
 * DynamoDB's single-digit-millisecond latency; options {@code dynamodb.timeout-ms} and
 * {@code dynamodb.attempt-timeout-ms}). Credentials come from the AWS SDK's default chain.
 */
public final class DynamoClients {

    /** How long the statement path waits for DynamoDB. */
    public record Timeouts(Duration connect, Duration attempt, Duration call) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(800),
                Duration.ofSeconds(2));
    }

    /** The User-Agent suffix of the calls the application's statements make. */
    public static final String STATEMENTS = "shift/statements";
    /** ... of Shift's background work in the application (outbox, reverse sync, jobs, flag store, table check). */
    public static final String BACKGROUND = "shift/background";
    /** ... of the command line's backfill, verify and repair. */
    public static final String COMMAND_LINE = "shift/cli";

    /**
     * Marks a call made for correctness, beyond what the statement itself asks of DynamoDB: its User-Agent carries
     * {@code shift-check/<why>}, so the request logs (and Shift's benchmarks) can tell these calls apart.
     * {@link #INDEX_CHECK}: the item a GSI Query found, read again by key (a GSI is only eventually consistent);
     * {@link #REVERSE_LOG}: the entry that takes a DynamoDB-only write back to MySQL (phase 5);
     * {@link #LOCKING_READ}: a transaction's write reading again the items the transaction read before, to find those
     * committed since, as MySQL's locking read does ({@code DELETE … WHERE user_id = ?} after a {@code SELECT} of them).
     */
    public static final AwsRequestOverrideConfiguration INDEX_CHECK = check("index-check");
    /** See {@link #INDEX_CHECK}. */
    public static final AwsRequestOverrideConfiguration REVERSE_LOG = check("reverse-log");
    /** See {@link #INDEX_CHECK}. */
    public static final AwsRequestOverrideConfiguration LOCKING_READ = check("locking-read");

    private static AwsRequestOverrideConfiguration check(String why) {
        return AwsRequestOverrideConfiguration.builder()
                .addApiName(ApiName.builder().name("shift-check").version(why).build()).build();
    }

    private DynamoClients() {
    }

    /**
     * Names the part of Shift that makes a client's calls in their User-Agent, which DynamoDB's request logs
     * (CloudTrail's {@code userAgent}) keep: an operator can tell what the application's statements cost from what
     * Shift's background work does.
     */
    public static ClientOverrideConfiguration.Builder calledBy(ClientOverrideConfiguration.Builder o, String caller) {
        return o.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, caller);
    }

    /**
     * For reads and transactions: the SDK retries within the call timeout (a retried TransactWriteItems carries the
     * same idempotency token, so DynamoDB applies it once).
     */
    public static DynamoDbClient retrying(URI endpoint, String region, Timeouts t) {
        return builder(endpoint, region, t).overrideConfiguration(o -> calledBy(o, STATEMENTS)
                .apiCallAttemptTimeout(t.attempt()).apiCallTimeout(t.call()).retryStrategy(RetryMode.STANDARD)).build();
    }

    /**
     * For single-item writes: one attempt, never retried by the SDK. An {@code ADD} whose answer was lost may have
     * been applied; retrying it would apply it twice. Shift resolves such a write itself (phases 2-3: the outbox copies
     * the row's state from MySQL; phases 4-5: the statement fails and says so).
     */
    public static DynamoDbClient singleAttempt(URI endpoint, String region, Timeouts t) {
        return builder(endpoint, region, t).overrideConfiguration(o -> calledBy(o, STATEMENTS)
                .apiCallAttemptTimeout(t.call()).apiCallTimeout(t.call())
                .retryStrategy(b -> b.maxAttempts(1))).build();
    }

    private static DynamoDbClientBuilder builder(URI endpoint, String region, Timeouts t) {
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()
                .connectionTimeout(t.connect()).socketTimeout(t.call()));
        if (region != null) {
            b.region(Region.of(region));
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b;
    }
}
