package dev.shift.agent.dynamo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Which failed writes may still be applied by DynamoDB after Shift gave up on them (and are copied again). */
class DynamoErrorsTest {

    @Test
    void aWriteWithNoAnswerMayLandLate() {
        assertTrue(DynamoErrors.mayLandLate(ApiCallAttemptTimeoutException.create(800)));
        assertTrue(DynamoErrors.mayLandLate(asShiftSeesIt(SdkClientException.create("read timed out",
                new SocketTimeoutException("Read timed out")))), "wrapped as the statement's SQLException");
        assertTrue(DynamoErrors.mayLandLate(DynamoDbException.builder().statusCode(500).message("Internal").build()),
                "a 5xx: DynamoDB may or may not have applied it");
    }

    @Test
    void aRefusalOrACallNeverSentCannotLand() {
        assertFalse(DynamoErrors.mayLandLate(asShiftSeesIt(ConditionalCheckFailedException.builder().statusCode(400)
                .message("The conditional request failed").build())));
        assertFalse(DynamoErrors.mayLandLate(DynamoDbException.builder().statusCode(400).message("throttled").build()));
        assertFalse(DynamoErrors.mayLandLate(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused"))), "no connection was made");
        assertFalse(DynamoErrors.mayLandLate(new SQLException("MySQL went away")), "not DynamoDB's failure");
        assertFalse(DynamoErrors.mayLandLate(null));

        CircuitBreaker open = new CircuitBreaker(1, TimeUnit.MINUTES.toNanos(1), System::nanoTime);
        open.failed("timeout");
        GuardedItemStore guarded = new GuardedItemStore(new InMemoryStore(Mapping.defaultMapping()), open);
        SdkException notSent = assertThrows(SdkException.class, () -> guarded.write(null));
        assertTrue(GuardedItemStore.unavailable(notSent), "still a failure to reach DynamoDB: " + notSent);
        assertFalse(DynamoErrors.mayLandLate(notSent), "the open breaker sent nothing");
    }

    private static SQLException asShiftSeesIt(SdkException e) {
        return DynamoErrors.toSql("UPDATE t SET a = 1 WHERE id = 1", "Shop", "UpdateItem", e);
    }
}
