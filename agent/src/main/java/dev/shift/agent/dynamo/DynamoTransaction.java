package dev.shift.agent.dynamo;

import dev.shift.agent.errors.ShiftErrors;
import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemCheck;
import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.WritePlan;
import dev.shift.agent.sql.WriteSituation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The DynamoDB side of one JDBC connection.
 *
 * <p>Autocommit: each statement's writes are applied at once — one PutItem/UpdateItem/DeleteItem, or
 * TransactWriteItems when a statement writes several items (in chunks of 100 when more, which is then not
 * atomic). Row-matching writes ({@link ItemWrite#countsRow()}) are applied one by one and counted.
 *
 * <p>Autocommit off: writes are buffered per item and folded (Put+Update → Put, Update+Update → merged,
 * …+Delete → Delete, Delete+Put → Put); COMMIT sends ONE TransactWriteItems (at most 100 items, else an
 * SQLException and nothing is sent; one item goes as its single write); ROLLBACK discards. Reads in the transaction see its own pending writes:
 * GetItem/Query/index lookups are overlaid with the buffered images (a cart read after a buffered delete no
 * longer shows the line; an order_items insert finds the order created earlier in the transaction).
 * Not thread-safe, like the JDBC connection it belongs to.
 */
public final class DynamoTransaction {
    private final ItemStore gateway;
    /** The same store, leaving a {@link ReverseLog} entry with every write: for statements MySQL does not get. */
    private final ItemStore logged;
    private final VersionClock clock;
    private final Map<ItemKey, ItemWrite> pending = new LinkedHashMap<>();
    /** Items read with {@code FOR UPDATE}: the condition that they are as read, checked at COMMIT. */
    private final Map<ItemKey, Condition> locked = new LinkedHashMap<>();
    private final ItemReader overlay = this::readOverlaid;
    /**
     * Partitions (with their sort key prefix) this transaction has queried: a write's Query of one of them is marked
     * as a read again ({@link ReadRequest.Query#again}).
     */
    private final Set<String> queried = new HashSet<>();
    private final ItemReader recording = this::readRecorded;
    private boolean autoCommit = true;
    private boolean mysqlNotWritten;

    public DynamoTransaction(ItemStore gateway, VersionClock clock) {
        this.gateway = gateway;
        this.logged = new ReverseLoggedStore(gateway, clock);
        this.clock = clock;
    }

    public DynamoTransaction(ItemStore gateway) {
        this(gateway, VersionClock.system());
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** JDBC semantics: switching autocommit back on commits what is pending. */
    public void setAutoCommit(boolean on) throws SQLException {
        if (on && !autoCommit) {
            commit();
        }
        locked.clear();
        autoCommit = on;
    }

    /**
     * Records items a {@code SELECT … FOR UPDATE} read in this transaction (and the keys it looked up and found
     * absent): COMMIT then applies the transaction's writes only if those items are still as read, which is what the
     * application's row locks were for; otherwise it fails with SQLState 40001, as a MySQL deadlock would. Under
     * autocommit there is nothing to hold, as in MySQL.
     */
    public void lockRead(List<Map<String, AttributeValue>> items, List<ItemKey> absent) {
        if (autoCommit) {
            return;
        }
        String version = gateway.mapping().versionAttribute();
        for (Map<String, AttributeValue> item : items) {
            if (pending.containsKey(keyOf(item))) {
                continue;   // written by this transaction already: its own write's condition guards it
            }
            AttributeValue v = item.get(version);
            locked.putIfAbsent(keyOf(item), v == null
                    ? Condition.of(new Condition.Exists(gateway.mapping().partitionKeyAttribute()), new Condition.NotExists(version))
                    : Condition.of(new Condition.Equals(version, v)));
        }
        for (ItemKey k : absent) {
            if (pending.containsKey(k)) {
                continue;
            }
            locked.putIfAbsent(k, Condition.of(new Condition.NotExists(gateway.mapping().partitionKeyAttribute())));
        }
    }

    /**
     * The statement about to run is not written to MySQL (phase 5): its writes, and under autocommit off everything
     * this transaction commits, leave {@link ReverseLog} entries so MySQL can be brought up to date later.
     */
    public void mysqlNotWritten() {
        mysqlNotWritten = true;
    }

    private ItemStore writer() {
        return mysqlNotWritten ? logged : gateway;
    }

    /** Buffered writes, one per item, in first-touched order (a copy). */
    public List<ItemWrite> pending() {
        return List.copyOf(pending.values());
    }

    /** What reads in this transaction see: DynamoDB overlaid with the pending writes. */
    public ItemReader reader() {
        return autoCommit ? (pending.isEmpty() ? gateway : overlay) : recording;
    }

    private List<Map<String, AttributeValue>> readRecorded(ReadRequest request) {
        if (request instanceof ReadRequest.Query q) {
            queried.add(partition(q));
        }
        return (pending.isEmpty() ? gateway : overlay).read(request);
    }

    private static String partition(ReadRequest.Query q) {
        return q.pk() + '\u0000' + q.skPrefix();
    }

    /** A transaction's write querying items the transaction has queried before: marked as reading them again. */
    private ReadRequest readAgainIfQueried(ReadRequest request) {
        return request instanceof ReadRequest.Query q && queried.contains(partition(q)) ? q.readAgain() : request;
    }

    /** Under autocommit, how often a statement whose item changed between its read and its write is applied again. */
    static final int REREADS = 5;

    /** Runs a write statement: applied now under autocommit, buffered otherwise. */
    public WriteOutcome execute(WritePlan plan, List<Object> params, IdSource ids) throws SQLException {
        return execute(plan, params, ids, null);
    }

    /**
     * As {@link #execute(WritePlan, List, IdSource)}, for a statement whose rows MySQL named ({@link
     * WriteSituation#mysqlRows}; null when it did not): nothing is read from DynamoDB.
     */
    public WriteOutcome execute(WritePlan plan, List<Object> params, IdSource ids, List<RowScope> mysqlRows)
            throws SQLException {
        try {
            return executeRereading(plan, params, ids, mysqlRows);
        } finally {
            if (autoCommit) {
                mysqlNotWritten = false;   // the statement was its own transaction
            }
        }
    }

    private WriteOutcome executeRereading(WritePlan plan, List<Object> params, IdSource ids, List<RowScope> mysqlRows)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return executeOnce(plan, params, ids, mysqlRows);
            } catch (ChangedMeanwhile e) {
                if (attempt >= REREADS) {
                    throw ShiftErrors.of(ShiftErrors.Reason.CONFLICT, "Shift: the DynamoDB item [" + plan.sql() + "] writes kept "
                            + "changing under it (" + REREADS + " attempts); nothing was written", e.getCause());
                }
            }
        }
    }

    /** A conditioned write found its item changed since the statement read it (only for {@link WritePlan#rereadsOnConflict()}). */
    private static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private WriteOutcome executeOnce(WritePlan plan, List<Object> params, IdSource ids, List<RowScope> mysqlRows)
            throws SQLException {
        long version = clock.next();
        boolean buffered = !autoCommit;
        WritePlan.Bound bound = plan.bind(params);
        WriteSituation situation = new WriteSituation(buffered, version, bound.needsGeneratedKey()
                ? ids.next(plan.table(), plan.generatedColumn().orElseThrow()) : null, mysqlNotWritten, mysqlRows);
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (ReadRequest request : bound.reads(situation)) {
            try {
                found.addAll(reader().read(buffered ? readAgainIfQueried(request) : request));
            } catch (SdkException e) {
                throw DynamoErrors.toSql(plan.sql(), gateway.tableName(), "lookup", e);
            }
        }
        WriteResult r = bound.writes(situation, found);
        if (buffered) {
            for (ItemWrite w : r.writes()) {
                pending.put(w.key(), ItemImages.fold(pending.get(w.key()), w,
                        gateway.mapping().partitionKeyAttribute(), gateway.mapping().sortKeyAttribute()));
            }
            return new WriteOutcome(r.knownCount() + countOf(r.writes()), r.generatedKey());
        }
        long count = r.knownCount();
        List<ItemWrite> plain = new ArrayList<>();
        ItemStore store = writer();
        String op = "write";
        try {
            if (r.upsert() && r.writes().size() == 1 && r.writes().get(0) instanceof ItemWrite.Update u) {
                op = Expressions.describe(gateway.tableName(), u);
                try {
                    return new WriteOutcome(store.upsert(u) ? r.foundCount() : 1, r.generatedKey());
                } catch (ConditionalCheckFailedException e) {
                    // an upsert's only condition is that its additions stay in their integer ranges
                    SQLException range = plan.outOfRange(u, current(u.key()));
                    throw range != null ? range : DynamoErrors.toSql(plan.sql(), gateway.tableName(), op, e);
                }
            }
            for (ItemWrite w : r.writes()) {
                if (w.countsRow()) {
                    op = Expressions.describe(gateway.tableName(), w);
                    boolean applied = store.write(w);
                    SQLException refusal = applied ? null : plan.notApplied(w);
                    if (refusal != null) {
                        throw refusal;   // what MySQL refuses, e.g. a duplicate key
                    }
                    if (!applied && w.condition().terms().stream().anyMatch(t -> t instanceof Condition.InRange)) {
                        SQLException range = plan.outOfRange(w, current(w.key()));
                        if (range != null) {
                            throw range;   // the row is there and matches: the addition itself is out of range
                        }
                    }
                    count += applied ? 1 : 0;
                } else {
                    plain.add(w);
                }
            }
            if (plain.size() == 1) {
                op = Expressions.describe(gateway.tableName(), plain.get(0));
                store.write(plain.get(0));
            } else {
                for (int i = 0; i < plain.size(); i += DynamoGateway.MAX_TRANSACTION_ITEMS) {
                    List<ItemWrite> chunk = plain.subList(i, Math.min(plain.size(), i + DynamoGateway.MAX_TRANSACTION_ITEMS));
                    op = "TransactWriteItems (" + chunk.size() + " items)";
                    store.transact(chunk);
                }
            }
        } catch (SdkException e) {
            if (plan.rereadsOnConflict() && (e instanceof ConditionalCheckFailedException
                    || e instanceof software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException)) {
                throw new ChangedMeanwhile(e);
            }
            throw DynamoErrors.toSql(plan.sql(), gateway.tableName(), op, e);
        }
        return new WriteOutcome(count, r.generatedKey());
    }

    /** The item as it is now (strongly consistent), or null. */
    private Map<String, AttributeValue> current(ItemKey key) throws SQLException {
        List<Map<String, AttributeValue>> items = reader().read(new ReadRequest.Get(key));
        return items.isEmpty() ? null : items.get(0);
    }

    /** Buffered row-matching writes were already matched by reading: each is one row. */
    private static long countOf(List<ItemWrite> writes) {
        long n = 0;
        for (ItemWrite w : writes) {
            n += w.countsRow() ? 1 : 0;
        }
        return n;
    }

    /**
     * Sends the pending writes as one TransactWriteItems — or, when they touch one item, as that item's single
     * write, which is just as atomic at half the write capacity; always leaves the buffer empty. Either way a
     * condition that no longer holds (the item changed since the transaction read it) fails the COMMIT with
     * SQLState 40001 and nothing is written.
     */
    public void commit() throws SQLException {
        queried.clear();
        ItemStore store = writer();
        mysqlNotWritten = false;
        Map<ItemKey, Condition> held = new LinkedHashMap<>(locked);
        locked.clear();
        if (pending.isEmpty()) {
            return;   // nothing written: what was read under lock has nothing to protect
        }
        List<ItemWrite> writes = new ArrayList<>(pending.size());
        for (ItemWrite w : pending.values()) {
            Condition c = held.remove(w.key());
            writes.add(c == null ? w : withCondition(w, w.condition().and(c)));
        }
        pending.clear();
        List<ItemCheck> checks = new ArrayList<>();
        held.forEach((k, c) -> checks.add(new ItemCheck(k, c)));
        if (writes.size() + checks.size() > DynamoGateway.MAX_TRANSACTION_ITEMS) {
            throw new SQLException("Shift: the transaction writes " + writes.size() + " DynamoDB items; one "
                    + "TransactWriteItems takes at most " + DynamoGateway.MAX_TRANSACTION_ITEMS
                    + ", so it cannot be committed atomically (nothing was written to DynamoDB)", "54000");
        }
        if (writes.size() == 1 && checks.isEmpty()) {
            commitOne(store, writes.get(0));
            return;
        }
        try {
            store.transact(writes, checks);
        } catch (SdkException e) {
            throw DynamoErrors.toSql("COMMIT", gateway.tableName(),
                    "TransactWriteItems (" + (writes.size() + checks.size()) + " items)", e);
        }
    }

    private static ItemWrite withCondition(ItemWrite w, Condition c) {
        if (w instanceof ItemWrite.Put p) {
            return new ItemWrite.Put(p.key(), p.item(), c, p.countsRow());
        }
        if (w instanceof ItemWrite.Update u) {
            return new ItemWrite.Update(u.key(), u.actions(), c, u.countsRow());
        }
        return new ItemWrite.Delete(w.key(), c, w.countsRow());
    }

    private void commitOne(ItemStore store, ItemWrite w) throws SQLException {
        String op = Expressions.describe(gateway.tableName(), w);
        boolean applied;
        try {
            applied = store.write(w);
        } catch (ConditionalCheckFailedException e) {
            applied = false;
        } catch (SdkException e) {
            throw DynamoErrors.toSql("COMMIT", gateway.tableName(), op, e);
        }
        if (!applied) {
            throw new SQLException("Shift: DynamoDB " + op + " on table " + gateway.tableName() + " failed for [COMMIT]: "
                    + "the item changed since the transaction read it (its condition no longer holds); nothing was "
                    + "written to DynamoDB", "40001");
        }
    }

    public void rollback() {
        queried.clear();
        pending.clear();
        locked.clear();
        mysqlNotWritten = false;
    }

    // ------------------------------------------------------------------ reading through pending writes

    private List<Map<String, AttributeValue>> readOverlaid(ReadRequest request) {
        if (pending.isEmpty()) {
            return gateway.read(request);
        }
        if (request instanceof ReadRequest.Get g) {
            ItemWrite w = pending.get(g.key());
            if (w == null) {
                return gateway.read(g);
            }
            Map<String, AttributeValue> img = image(w, () -> first(gateway.read(g)));
            return img == null ? List.of() : List.of(img);
        }
        if (request instanceof ReadRequest.Query q) {
            List<ItemWrite> touching = new ArrayList<>();
            for (ItemWrite w : pending.values()) {
                if (w.key().pk().equals(q.pk()) && w.key().sk().startsWith(q.skPrefix())) {
                    touching.add(w);
                }
            }
            if (touching.isEmpty()) {
                return gateway.read(q);
            }
            Map<ItemKey, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
            for (Map<String, AttributeValue> item : gateway.read(new ReadRequest.Query(q.pk(), q.skPrefix(), q.forward(), null, q.again()))) {
                byKey.put(keyOf(item), item);
            }
            for (ItemWrite w : touching) {
                Map<String, AttributeValue> base = byKey.get(w.key());
                Map<String, AttributeValue> img = image(w, () -> base);
                if (img == null) {
                    byKey.remove(w.key());
                } else {
                    byKey.put(w.key(), img);
                }
            }
            List<Map<String, AttributeValue>> out = new ArrayList<>(byKey.values());
            String sk = gateway.mapping().sortKeyAttribute();
            Comparator<Map<String, AttributeValue>> bySk = Comparator.comparing(m -> m.get(sk).s());
            out.sort(q.forward() ? bySk : bySk.reversed());
            return q.limit() != null && out.size() > q.limit() ? out.subList(0, q.limit()) : out;
        }
        if (request instanceof ReadRequest.Scan sc) {
            Map<ItemKey, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
            for (Map<String, AttributeValue> item : gateway.read(sc)) {
                byKey.put(keyOf(item), item);
            }
            for (ItemWrite w : pending.values()) {
                Map<String, AttributeValue> base = byKey.get(w.key());
                Map<String, AttributeValue> img = image(w, () -> base != null ? base : first(gateway.read(new ReadRequest.Get(w.key()))));
                AttributeValue entity = img == null ? null : img.get(sc.entityAttribute());
                if (entity != null && sc.entity().equals(entity.s())) {
                    byKey.put(w.key(), img);
                } else {
                    byKey.remove(w.key());
                }
            }
            return new ArrayList<>(byKey.values());
        }
        ReadRequest.IndexQuery iq = (ReadRequest.IndexQuery) request;
        Map<String, AttributeValue> created = putCarrying(iq);
        if (created != null) {
            return List.of(created);   // the one row with this key is the one this transaction wrote whole
        }
        Map<ItemKey, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : gateway.read(iq)) {
            byKey.put(keyOf(item), item);
        }
        for (ItemWrite w : pending.values()) {
            Map<String, AttributeValue> base = byKey.get(w.key());
            boolean mayEnter = w instanceof ItemWrite.Put || (w instanceof ItemWrite.Update u
                    && u.actions().stream().anyMatch(a -> a.attribute().equals(iq.attribute())));
            if (base == null && !mayEnter) {
                continue;
            }
            Map<String, AttributeValue> img = image(w, () -> base != null ? base : first(gateway.read(new ReadRequest.Get(w.key()))));
            AttributeValue v = img == null ? null : img.get(iq.attribute());
            if (v != null && iq.value().equals(v.s())) {
                byKey.put(w.key(), img);
            } else {
                byKey.remove(w.key());
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * For an index value at most one row can carry ({@link ReadRequest.IndexQuery#unique}): the item this transaction
     * puts whole with that value (an order it has just inserted), or null. Its key is known, so no Query is needed:
     * no other item can carry the value, and the put is the item as it will be.
     */
    private Map<String, AttributeValue> putCarrying(ReadRequest.IndexQuery iq) {
        if (!iq.unique()) {
            return null;
        }
        for (ItemWrite w : pending.values()) {
            AttributeValue v = w instanceof ItemWrite.Put p ? p.item().get(iq.attribute()) : null;
            if (v != null && iq.value().equals(v.s())) {
                return ((ItemWrite.Put) w).item();
            }
        }
        return null;
    }

    private Map<String, AttributeValue> image(ItemWrite w, java.util.function.Supplier<Map<String, AttributeValue>> base) {
        if (w instanceof ItemWrite.Put p) {
            return p.item();
        }
        if (w instanceof ItemWrite.Delete) {
            return null;
        }
        ItemWrite.Update u = (ItemWrite.Update) w;
        Map<String, AttributeValue> b = base.get();
        if (b == null) {
            boolean guarded = u.condition().terms().stream().anyMatch(t -> t instanceof Condition.Exists);
            if (guarded) {
                return null;
            }
            b = new LinkedHashMap<>();
            b.put(gateway.mapping().partitionKeyAttribute(), AttributeValue.fromS(w.key().pk()));
            b.put(gateway.mapping().sortKeyAttribute(), AttributeValue.fromS(w.key().sk()));
        }
        return ItemImages.apply(b, u.actions());
    }

    private ItemKey keyOf(Map<String, AttributeValue> item) {
        return new ItemKey(item.get(gateway.mapping().partitionKeyAttribute()).s(), item.get(gateway.mapping().sortKeyAttribute()).s());
    }

    private static Map<String, AttributeValue> first(List<Map<String, AttributeValue>> items) {
        return items.isEmpty() ? null : items.get(0);
    }
}
