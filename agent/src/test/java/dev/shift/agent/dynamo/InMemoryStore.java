package dev.shift.agent.dynamo;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A DynamoDB table in memory with the semantics Shift relies on (conditions, update actions, begins_with
 * queries in sort-key order, hash-only GSIs). Records every request it receives, rendered as text.
 */
public final class InMemoryStore implements ItemStore {
    private final Mapping mapping;
    private final TreeMap<String, TreeMap<String, Map<String, AttributeValue>>> partitions = new TreeMap<>();
    private final List<String> log = new ArrayList<>();

    public InMemoryStore(Mapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public Mapping mapping() {
        return mapping;
    }

    @Override
    public String tableName() {
        return mapping.tableName();
    }

    /** Requests received since the last call, then cleared. */
    public List<String> drainLog() {
        List<String> out = new ArrayList<>(log);
        log.clear();
        return out;
    }

    public Map<String, AttributeValue> get(ItemKey k) {
        TreeMap<String, Map<String, AttributeValue>> p = partitions.get(k.pk());
        return p == null ? null : p.get(k.sk());
    }

    public List<Map<String, AttributeValue>> all() {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        partitions.values().forEach(p -> out.addAll(p.values()));
        return out;
    }

    @Override
    public List<Map<String, AttributeValue>> read(ReadRequest request) {
        log.add(request.describe(tableName()));
        if (request instanceof ReadRequest.Get g) {
            Map<String, AttributeValue> i = get(g.key());
            return i == null ? List.of() : List.of(i);
        }
        if (request instanceof ReadRequest.Query q) {
            TreeMap<String, Map<String, AttributeValue>> p = partitions.get(q.pk());
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            if (p != null) {
                p.forEach((sk, item) -> {
                    if (sk.startsWith(q.skPrefix())) {
                        out.add(item);
                    }
                });
            }
            if (!q.forward()) {
                java.util.Collections.reverse(out);
            }
            return q.limit() != null && out.size() > q.limit() ? out.subList(0, q.limit()) : out;
        }
        if (request instanceof ReadRequest.Scan sc) {
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            for (Map<String, AttributeValue> item : all()) {
                AttributeValue e = item.get(sc.entityAttribute());
                if (e != null && sc.entity().equals(e.s())) {
                    out.add(item);
                }
            }
            return out;
        }
        ReadRequest.IndexQuery iq = (ReadRequest.IndexQuery) request;
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : all()) {
            AttributeValue v = item.get(iq.attribute());
            if (v != null && iq.value().equals(v.s())) {
                out.add(item);
            }
        }
        out.sort(Comparator.comparing(m -> m.get(mapping.sortKeyAttribute()).s()));
        return out;
    }

    @Override
    public boolean write(ItemWrite w) {
        log.add(Expressions.describe(tableName(), w));
        if (!holds(w)) {
            if (w.countsRow()) {
                return false;
            }
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
        apply(w);
        return true;
    }

    @Override
    public boolean upsert(ItemWrite.Update w) {
        log.add(Expressions.describe(tableName(), w) + " returning UPDATED_OLD");
        if (!holds(w)) {
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
        boolean existed = get(w.key()) != null;
        apply(w);
        return existed;
    }

    @Override
    public void transact(List<ItemWrite> writes, List<ItemCheck> checks) {
        StringBuilder sb = new StringBuilder("TransactWriteItems " + (writes.size() + checks.size()) + " items:");
        for (ItemWrite w : writes) {
            sb.append("\n    ").append(Expressions.describe(tableName(), w));
        }
        for (ItemCheck c : checks) {
            Expressions x = new Expressions();
            sb.append("\n    ConditionCheck ").append(tableName()).append(" key=").append(c.key()).append(" if: ")
                    .append(x.condition(c.condition())).append(' ').append(x.names()).append(' ').append(x.values());
        }
        log.add(sb.toString());
        List<CancellationReason> reasons = new ArrayList<>();
        boolean failed = false;
        for (ItemWrite w : writes) {
            boolean ok = holds(w.key(), w.condition());
            failed |= !ok;
            reasons.add(CancellationReason.builder().code(ok ? "None" : "ConditionalCheckFailed").build());
        }
        for (ItemCheck c : checks) {
            boolean ok = holds(c.key(), c.condition());
            failed |= !ok;
            reasons.add(CancellationReason.builder().code(ok ? "None" : "ConditionalCheckFailed").build());
        }
        if (failed) {
            throw TransactionCanceledException.builder().message("Transaction cancelled").cancellationReasons(reasons).build();
        }
        writes.forEach(this::apply);
    }

    private boolean holds(ItemWrite w) {
        return holds(w.key(), w.condition());
    }

    private boolean holds(ItemKey key, Condition condition) {
        return condition.holds(get(key));
    }

    private void apply(ItemWrite w) {
        TreeMap<String, Map<String, AttributeValue>> p = partitions.computeIfAbsent(w.key().pk(), k -> new TreeMap<>());
        if (w instanceof ItemWrite.Put put) {
            p.put(w.key().sk(), new LinkedHashMap<>(put.item()));
        } else if (w instanceof ItemWrite.Delete) {
            p.remove(w.key().sk());
        } else {
            Map<String, AttributeValue> base = p.get(w.key().sk());
            if (base == null) {
                base = new LinkedHashMap<>();
                base.put(mapping.partitionKeyAttribute(), AttributeValue.fromS(w.key().pk()));
                base.put(mapping.sortKeyAttribute(), AttributeValue.fromS(w.key().sk()));
            }
            p.put(w.key().sk(), ItemImages.apply(base, ((ItemWrite.Update) w).actions()));
        }
        if (p.isEmpty()) {
            partitions.remove(w.key().pk());
        }
    }
}
