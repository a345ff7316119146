package dev.shift.agent.dynamo;

import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The breaker opens after failures in a row, fails calls at once while open, probes once, and closes on success. */
class CircuitBreakerTest {

    private long now;
    private final CircuitBreaker breaker = new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(5), () -> now);

    @Test
    void opensAfterThresholdFailuresAndProbesOnceTheOpenPeriodEnded() {
        breaker.failed("timeout");
        breaker.failed("timeout");
        assertTrue(breaker.allow(), "two failures: still closed");
        breaker.failed("timeout");
        assertFalse(breaker.allow(), "three in a row: open");
        assertTrue(breaker.describe().startsWith("open for 5 s more after 3 failures"), breaker.describe());
        now += TimeUnit.SECONDS.toNanos(5);
        assertTrue(breaker.allow(), "one probe after the open period");
        assertFalse(breaker.allow(), "and only one");
        breaker.failed("timeout");
        now += TimeUnit.SECONDS.toNanos(5);
        assertFalse(breaker.allow(), "a failed probe opens it for twice as long");
        now += TimeUnit.SECONDS.toNanos(5);
        assertTrue(breaker.allow());
        breaker.succeeded();
        assertEquals("closed", breaker.describe());
        assertTrue(breaker.allow());
    }

    @Test
    void theGuardedStoreFailsAtOnceWhileOpenAndCountsOnlyUnavailability() {
        AtomicInteger calls = new AtomicInteger();
        InMemoryStore memory = new InMemoryStore(dev.shift.agent.mapping.Mapping.defaultMapping());
        ItemStore failing = new ItemStore() {
            public List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> read(
                    ReadRequest r) {
                calls.incrementAndGet();
                throw calls.get() <= 2 ? ConditionalCheckFailedException.builder().message("no").build()
                        : SdkClientException.create("timed out");
            }
            public dev.shift.agent.mapping.Mapping mapping() { return memory.mapping(); }
            public String tableName() { return memory.tableName(); }
            public boolean write(ItemWrite w) { return memory.write(w); }
            public void transact(List<ItemWrite> writes, List<ItemCheck> checks) { memory.transact(writes, checks); }
            public boolean upsert(ItemWrite.Update w) { return memory.upsert(w); }
        };
        GuardedItemStore guarded = new GuardedItemStore(failing, breaker);
        breaker.failed("timeout");
        breaker.failed("timeout");
        for (int i = 0; i < 2; i++) {
            assertThrows(ConditionalCheckFailedException.class, () -> guarded.read(null));
        }
        assertEquals("closed", breaker.describe(), "an answer (a failed condition) says DynamoDB is there");
        for (int i = 0; i < 3; i++) {
            assertThrows(SdkClientException.class, () -> guarded.read(null));
        }
        assertEquals(5, calls.get(), "three timeouts went out");
        SdkClientException fast = assertThrows(SdkClientException.class, () -> guarded.read(null));
        assertEquals(5, calls.get(), "the fourth call never went out");
        assertTrue(fast.getMessage().contains("not sending to it for now"), fast.getMessage());
    }
}
