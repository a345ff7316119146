package dev.shift.agent.dynamo;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What MySQL lacks while it is not written (phase 5): every DynamoDB write of that time also writes an entry naming
 * the items it touched, in the same TransactWriteItems or just before a single-item write. The reverse sync copies
 * those items' state into MySQL and then removes the entry, so leaving phase 5 loses nothing.
 *
 * <p>Entries live in the items table, {@code PK = SHIFT#TO-MYSQL#<0..7>} (eight partitions, so a busy phase 5 is not
 * one hot key), {@code SK = <write time µs, 20 digits>#<random>} (oldest first), attribute {@code keys}: a list of
 * {@code {pk, sk}} maps. They carry no entity attribute, so verify and backfill never take them for rows. An entry
 * whose write then failed is harmless: copying an unchanged item changes nothing.
 */
public final class ReverseLog {
    public static final String PARTITION_PREFIX = "SHIFT#TO-MYSQL#";
    static final int SHARDS = 8;
    static final String KEYS = "keys";

    /** One entry: its own key, when it was written, and the items it names. */
    public record Entry(ItemKey key, Instant writtenAt, List<ItemKey> items) {
    }

    private final ItemStore store;

    /** @param store where entries are written and read (the statement path's guarded store, or the worker's) */
    public ReverseLog(ItemStore store) {
        this.store = store;
    }

    /** The Put of an entry naming these items, for a transaction or a write of its own. */
    public static ItemWrite.Put entry(Mapping mapping, List<ItemKey> items, long versionMicros) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String pk = PARTITION_PREFIX + (items.isEmpty() ? 0 : Math.floorMod(items.get(0).hashCode(), SHARDS));
        String sk = String.format("%020d#%08x", versionMicros, r.nextInt());
        List<AttributeValue> keys = new ArrayList<>(items.size());
        for (ItemKey k : items) {
            keys.add(AttributeValue.fromM(Map.of("pk", AttributeValue.fromS(k.pk()), "sk", AttributeValue.fromS(k.sk()))));
        }
        Map<String, AttributeValue> item = Map.of(mapping.partitionKeyAttribute(), AttributeValue.fromS(pk),
                mapping.sortKeyAttribute(), AttributeValue.fromS(sk), KEYS, AttributeValue.fromL(keys));
        return new ItemWrite.Put(new ItemKey(pk, sk), item, Condition.NONE, false);
    }

    /** True for an entry's key (never a row's item). */
    public static boolean isEntry(ItemKey key) {
        return key.pk().startsWith(PARTITION_PREFIX);
    }

    /** Up to {@code perPartition} of the oldest entries of each partition, oldest first (strongly consistent). */
    public List<Entry> oldest(int perPartition) {
        Mapping m = store.mapping();
        List<Entry> out = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            for (Map<String, AttributeValue> item : store.read(
                    new ReadRequest.Query(PARTITION_PREFIX + shard, "", true, perPartition))) {
                out.add(parse(m, item));
            }
        }
        out.sort(Comparator.comparing(Entry::writtenAt));
        return out;
    }

    /** How many entries wait and how old the oldest is (reads every partition whole: for status, not per statement). */
    public Pending pending(Instant now) {
        long count = 0;
        Instant oldest = null;
        for (int shard = 0; shard < SHARDS; shard++) {
            List<Map<String, AttributeValue>> items = store.read(new ReadRequest.Query(PARTITION_PREFIX + shard, "", true, null));
            count += items.size();
            if (!items.isEmpty()) {
                Instant first = parse(store.mapping(), items.get(0)).writtenAt();
                oldest = oldest == null || first.isBefore(oldest) ? first : oldest;
            }
        }
        return new Pending(count, oldest == null ? null : Duration.between(oldest, now));
    }

    /** @param oldestAge null when nothing waits */
    public record Pending(long count, Duration oldestAge) {
    }

    /**
     * Removes entries once their items are in MySQL, as few calls as the store allows; an entry left (DynamoDB
     * throttled it) stays to be copied again, which changes nothing.
     */
    public void removeAll(List<Entry> entries) {
        store.deleteAll(entries.stream().map(Entry::key).toList());
    }

    private static Entry parse(Mapping m, Map<String, AttributeValue> item) {
        ItemKey key = new ItemKey(item.get(m.partitionKeyAttribute()).s(), item.get(m.sortKeyAttribute()).s());
        long micros = Long.parseLong(key.sk().substring(0, key.sk().indexOf('#')));
        List<ItemKey> items = new ArrayList<>();
        AttributeValue keys = item.get(KEYS);
        if (keys != null && keys.hasL()) {
            for (AttributeValue k : keys.l()) {
                items.add(new ItemKey(k.m().get("pk").s(), k.m().get("sk").s()));
            }
        }
        return new Entry(key, Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000), items);
    }
}
