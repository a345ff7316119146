package dev.shift.agent.dynamo;

import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store statements write through while MySQL is not written (phase 5): every write also leaves a
 * {@link ReverseLog} entry naming its items, so the reverse sync can bring MySQL up to date before MySQL is used
 * again. A transaction carries its entry as one more action (atomic, no extra round trip); a single-item write is
 * preceded by its entry (one PutItem more, for rollback's sake: the write then either happened or not, and copying
 * the item's state is right in both cases).
 */
public final class ReverseLoggedStore implements ItemStore {

    private final ItemStore delegate;
    private final VersionClock clock;

    public ReverseLoggedStore(ItemStore delegate, VersionClock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public List<Map<String, AttributeValue>> read(ReadRequest request) {
        return delegate.read(request);
    }

    @Override
    public long count(ReadRequest.Query query, String entityAttribute, String entity) {
        return delegate.count(query, entityAttribute, entity);
    }

    @Override
    public boolean write(ItemWrite w) {
        delegate.write(entry(List.of(w.key())));
        return delegate.write(w);
    }

    @Override
    public void transact(List<ItemWrite> writes, List<ItemCheck> checks) {
        List<ItemKey> keys = writes.stream().map(ItemWrite::key).toList();
        if (writes.size() + checks.size() < DynamoGateway.MAX_TRANSACTION_ITEMS) {
            List<ItemWrite> with = new ArrayList<>(writes);
            with.add(entry(keys));
            delegate.transact(with, checks);
            return;
        }
        delegate.write(entry(keys));
        delegate.transact(writes, checks);
    }

    @Override
    public boolean upsert(ItemWrite.Update w) {
        delegate.write(entry(List.of(w.key())));
        return delegate.upsert(w);
    }

    @Override
    public Mapping mapping() {
        return delegate.mapping();
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }

    private ItemWrite.Put entry(List<ItemKey> keys) {
        return ReverseLog.entry(delegate.mapping(), keys, clock.next());
    }
}
