package dev.shift.agent.dynamo;

import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The statement path's way to DynamoDB: every call goes through a {@link CircuitBreaker}. While it is open, calls
 * fail at once with an {@link SdkClientException} (in phases 2-3 the change then goes to the outbox; in phases 4-5
 * the statement fails with a transient error), so a hung DynamoDB never holds the application's connections.
 */
public final class GuardedItemStore implements ItemStore {

    private final ItemStore delegate;
    private final CircuitBreaker breaker;

    public GuardedItemStore(ItemStore delegate, CircuitBreaker breaker) {
        this.delegate = delegate;
        this.breaker = breaker;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public List<Map<String, AttributeValue>> read(ReadRequest request) {
        return call(() -> delegate.read(request));
    }

    @Override
    public long count(ReadRequest.Query query, String entityAttribute, String entity) {
        return call(() -> delegate.count(query, entityAttribute, entity));
    }

    @Override
    public boolean write(ItemWrite w) {
        return call(() -> delegate.write(w));
    }

    @Override
    public void transact(List<ItemWrite> writes, List<ItemCheck> checks) {
        call(() -> {
            delegate.transact(writes, checks);
            return null;
        });
    }

    @Override
    public boolean upsert(ItemWrite.Update w) {
        return call(() -> delegate.upsert(w));
    }

    @Override
    public Mapping mapping() {
        return delegate.mapping();
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }

    private <T> T call(Supplier<T> work) {
        if (!breaker.allow()) {
            throw new NotSent("DynamoDB is not answering, so Shift is not sending to it for now ("
                    + breaker.describe() + ")");
        }
        try {
            T result = work.get();
            breaker.succeeded();
            return result;
        } catch (SdkException e) {
            if (unavailable(e)) {
                breaker.failed(e.getClass().getSimpleName());
            } else {
                breaker.succeeded();   // DynamoDB answered (a condition, a validation): it is there
            }
            throw e;
        }
    }

    /** A call the open circuit breaker did not send: DynamoDB never saw it. */
    static final class NotSent extends SdkClientException {
        NotSent(String message) {
            super(SdkClientException.builder().message(message));
        }
    }

    /** Timeouts and connection errors (client side), 5xx, throttling: DynamoDB cannot serve now. */
    static boolean unavailable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        return e instanceof DynamoDbException d && (d.statusCode() >= 500 || d.isThrottlingException());
    }
}
