package dev.shift.agent.sql;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.UpdateAction;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.mapping.ItemRows;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.RowItems;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An INSERT/UPDATE/DELETE on a migrated table, as data. The execute stage binds it to the statement's parameters
 * ({@link #bind}: values converted and checked once) and asks the bound statement, in order: whether it needs a
 * generated id, what it must read first (the items its WHERE may match, found by key), and, given what those reads
 * found, its item writes. The plan itself does no I/O; the execute stage ({@code DynamoTransaction}) reads, then
 * applies the writes at once (autocommit) or buffers them until COMMIT.
 */
public abstract sealed class WritePlan implements StatementPlan permits InsertPlan, ChildInsertPlan, ChildWritePlan, UpdatePlan, DeletePlan {
    final String sql;
    final Mapping mapping;
    final TableMapping table;

    WritePlan(String sql, Mapping mapping, TableMapping table) {
        this.sql = sql;
        this.mapping = mapping;
        this.table = table;
    }

    @Override
    public String sql() {
        return sql;
    }

    /** The migrated SQL table written. */
    public String table() {
        return table.name();
    }

    /**
     * The AUTO_INCREMENT column of an INSERT's table, if any. When the statement leaves it absent, NULL or 0
     * ({@link Bound#needsGeneratedKey}), the execute stage gets the id (MySQL's generated key in dual-write phases,
     * IdAllocator in phase 5) and passes it in {@link WriteSituation#generatedKey()}; {@link Bound#writes} reports it
     * in {@link WriteResult#generatedKey()}, for {@code getGeneratedKeys()}.
     */
    public Optional<String> generatedColumn() {
        return Optional.empty();
    }

    /**
     * The rows this statement may change with these parameters, for the outbox; null when it can change none
     * (a NULL key). {@code generatedId} is MySQL's id for an INSERT that left it to MySQL, null when not known
     * yet (the scope is then the row's partition).
     */
    public abstract RowScope scope(List<Object> params, Long generatedId) throws SQLException;

    /** The one read that finds what an access path reaches (strongly consistent, all of it). */
    static List<ReadRequest> readOf(Access access, List<Object> params) throws SQLException {
        return List.of(access.request(params, true, null));
    }

    /** The rows an access path reaches: its key, index or partition columns bound to these parameters. */
    static RowScope scopeOf(Access access, List<Object> params) throws SQLException {
        List<String> columns = switch (access.kind) {
            case GET -> concat(access.table.partitionKey().columns(), access.table.sortKey().columns());
            case INDEX -> access.table.indexes().get(access.index).columns();
            case PARTITION -> access.table.partitionKey().columns();
            case SCAN -> throw new IllegalStateException("a write never scans: " + access.table.name());
        };
        Map<String, Object> values = new java.util.HashMap<>();
        for (String c : columns) {
            Object v = Keys.value(access.table, c, access.bound.get(c), params);
            if (v == null) {
                return null;
            }
            values.put(c, v);
        }
        return new RowScope(access.table.name(), values);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    /**
     * True when the statement's DynamoDB writes can follow from the rows MySQL changed, named by their item keys
     * ({@link WriteSituation#mysqlRows}): a DELETE, or an UPDATE leaving the index columns alone (the item's key
     * columns too, or set to values each row's key then shows they hold), of a top-level table. In the phases that write MySQL first, a locking read in the statement's own transaction names
     * those rows exactly and at a MySQL round trip's cost, where finding them in DynamoDB takes a Query (and, through
     * an eventually consistent index, a GetItem more).
     */
    public boolean takesMysqlRows() {
        return false;
    }

    /**
     * True when the statement finds the items it writes by reading DynamoDB ({@code buffered}: inside a transaction),
     * rather than by the full key it names (decided when it is planned; a NULL key just finds nothing).
     */
    public boolean findsItemsByReading(boolean buffered) {
        return false;
    }

    /**
     * True when the plan's writes are conditioned on what it read (a rewritten list): under autocommit a failed
     * condition means another connection changed the item meanwhile, and the statement is read and applied again.
     */
    public boolean rereadsOnConflict() {
        return false;
    }

    /**
     * The statement with these parameters: its values converted and checked once, as MySQL's strict mode checks them
     * (a statement MySQL refuses fails here, before anything is read or an id is taken).
     */
    public final Bound bind(List<Object> params) throws SQLException {
        try {
            return new Bound(params, check(params), false);
        } catch (Access.NullKey n) {
            return new Bound(params, null, true);
        }
    }

    /**
     * True when, under autocommit, the statement's DynamoDB write follows from the statement alone (a full key, a
     * plain INSERT or an upsert; or the key a unique index gives, the whole WHERE its condition): no item is read
     * first, and at most one item can be written. False when it must read, or when its values are refused (MySQL then
     * answers first, as it would).
     */
    public final boolean appliesAtOnce(List<Object> params) {
        try {
            List<ReadRequest> reads = bind(params).reads(UNREAD);
            return reads.isEmpty() || (reads.size() == 1 && reads.get(0) instanceof ReadRequest.IndexQuery q
                    && q.keysOnly() && q.unique());
        } catch (SQLException e) {
            return false;
        }
    }

    private static final WriteSituation UNREAD = new WriteSituation(false, 0, null);

    /** One execution of the plan: what it needs, what it reads, what it writes. No I/O. */
    public final class Bound {
        private final List<Object> params;
        private final Object checked;
        private final boolean matchesNothing;

        private Bound(List<Object> params, Object checked, boolean matchesNothing) {
            this.params = params;
            this.checked = checked;
            this.matchesNothing = matchesNothing;
        }

        public WritePlan plan() {
            return WritePlan.this;
        }

        /** True when the statement leaves its AUTO_INCREMENT column to the database (absent, NULL or 0). */
        public boolean needsGeneratedKey() {
            return !matchesNothing && WritePlan.this.needsGeneratedKey(checked);
        }

        /**
         * What must be read before the writes can be decided: the items the statement may change, by key, partition
         * or index; none when its writes follow from the statement alone (a full key under autocommit, a plain
         * INSERT) or when it matches nothing ({@code key = NULL}).
         */
        public List<ReadRequest> reads(WriteSituation situation) throws SQLException {
            try {
                return matchesNothing ? List.of() : readsFor(params, checked, situation);
            } catch (Access.NullKey n) {
                return List.of();
            }
        }

        /** The item writes, given the items {@link #reads} found (in order). */
        public WriteResult writes(WriteSituation situation, List<Map<String, AttributeValue>> found) throws SQLException {
            try {
                return matchesNothing ? NOTHING : WritePlan.this.plan(params, checked, situation, found);
            } catch (Access.NullKey n) {
                return NOTHING;
            }
        }
    }

    private static final WriteResult NOTHING = new WriteResult(List.of(), 0, null);

    /** The statement's values, converted and checked (plan-specific; null when there are none to keep). */
    abstract Object check(List<Object> params) throws SQLException;

    boolean needsGeneratedKey(Object checked) {
        return false;
    }

    abstract List<ReadRequest> readsFor(List<Object> params, Object checked, WriteSituation situation)
            throws SQLException;

    abstract WriteResult plan(List<Object> params, Object checked, WriteSituation situation,
                              List<Map<String, AttributeValue>> found) throws SQLException;

    // ------------------------------------------------------------------ shared helpers

    /** Index partition-key attributes whose template columns all have values. */
    void putIndexAttributes(Map<String, AttributeValue> out, Map<String, Object> values) {
        RowItems.putIndexAttributes(mapping, table, out, values);
    }

    static void checkKeyNotNull(TableMapping t, Map<String, Object> values) throws SQLException {
        for (KeyTemplate kt : List.of(t.partitionKey(), t.sortKey())) {
            for (String c : kt.columns()) {
                if (values.get(c) == null) {
                    throw new SQLException("Column '" + c + "' cannot be null", "23000");
                }
            }
        }
    }

    AttributeValue version(WriteSituation situation) {
        return AttributeValue.fromN(Long.toString(situation.version()));
    }

    /** The items found for a WHERE, filtered by every equality (in memory, typed). */
    List<Map<String, AttributeValue>> matching(List<KeyFilter> filters, List<Object> params,
                                               List<Map<String, AttributeValue>> items) throws SQLException {
        Object[] expected = new Object[filters.size()];
        for (int i = 0; i < expected.length; i++) {
            KeyFilter f = filters.get(i);
            expected[i] = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>(items.size());
        outer:
        for (Map<String, AttributeValue> item : items) {
            AttributeValue entity = item.get(mapping.entityAttribute());
            if (entity != null && !table.entity().equals(entity.s())) {
                continue;
            }
            for (int i = 0; i < expected.length; i++) {
                ColumnMapping c = filters.get(i).column();
                if (!Keys.sqlEquals(c, c.fromAttribute(item.get(c.attribute())), expected[i])) {
                    continue outer;
                }
            }
            out.add(item);
        }
        return out;
    }

    /**
     * The items whose rows match the WHERE: its equalities ({@link #matching(List, List, List)}), then the rest of it
     * ({@code residual}, null for none) tested on each row.
     */
    List<Map<String, AttributeValue>> matching(PlanBuilder.Where where, List<Object> params,
                                               List<Map<String, AttributeValue>> items) throws SQLException {
        List<Map<String, AttributeValue>> found = matching(where.filters(), params, items);
        if (where.residual() == null) {
            return found;
        }
        List<Object[]> rows = ItemRows.of(mapping, table, table, found);   // one per item: all are of this entity
        List<Map<String, AttributeValue>> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            if (where.residual().test(rows.get(i), params)) {
                out.add(found.get(i));
            }
        }
        return out;
    }

    /**
     * An increment of an integer column as MySQL applies it: it adds exactly and rounds the sum half away from zero,
     * which for an integer old value is the increment rounded, unless its fraction is exactly one half (then the
     * rounding follows the sum's sign, which only the old value tells: refused).
     */
    Object wholeIncrement(ColumnMapping c, Object raw) throws SQLException {
        if (!(raw instanceof Number) || (c.type() != ColumnType.INT && c.type() != ColumnType.LONG)) {
            return raw;
        }
        BigDecimal d = ColumnType.toBigDecimal(raw);
        if (d.stripTrailingZeros().scale() <= 0) {
            return raw;
        }
        if (d.abs().remainder(BigDecimal.ONE).compareTo(new BigDecimal("0.5")) == 0) {
            throw new Untranslatable(sql, table.name(), "adding " + d.toPlainString() + " to integer column " + c.column()
                    + ": MySQL rounds the sum half away from zero, by a sign only the old value tells").toException();
        }
        return d.setScale(0, java.math.RoundingMode.HALF_UP);
    }

    /**
     * The condition that an item is as it was read (its version), for a write decided on all of its row: if another
     * connection changed it meanwhile, the statement is read and applied again ({@link #rereadsOnConflict}).
     */
    Condition unchangedSinceRead(Map<String, AttributeValue> item) {
        AttributeValue version = item.get(mapping.versionAttribute());
        return Condition.of(version == null ? new Condition.Exists(mapping.partitionKeyAttribute())
                : new Condition.Equals(mapping.versionAttribute(), version));
    }

    /**
     * MySQL's error for a row-counting write whose condition did not hold, when not holding it is an error rather
     * than "0 rows" (an INSERT's duplicate key); null otherwise.
     */
    public SQLException notApplied(ItemWrite write) {
        return null;
    }

    /**
     * The condition that a row found by its full key still matches the WHERE: the item exists and every
     * equality on a non-key column holds. Null when a compared value is NULL (nothing can match).
     */
    Condition rowCondition(List<KeyFilter> filters, List<Object> params) throws SQLException {
        return rowCondition(filters, params, null);
    }

    /**
     * As {@link #rowCondition(List, List)}, for an item already matched in memory: a column whose collation calls other
     * spellings equal is held to the value the item has (DynamoDB compares exactly), so it still has it when the write
     * lands.
     */
    Condition rowCondition(List<KeyFilter> filters, List<Object> params, Map<String, AttributeValue> item)
            throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        terms.add(new Condition.Exists(mapping.partitionKeyAttribute()));
        for (KeyFilter f : filters) {
            if (inItemKey(f.column().column())) {
                continue;
            }
            Object v = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
            if (v == null) {
                return null;
            }
            AttributeValue held = item != null && !comparesExactly(f.column()) ? item.get(f.column().attribute()) : null;
            terms.add(new Condition.Equals(f.column().attribute(), held != null ? held : f.column().toAttribute(v)));
        }
        return new Condition(List.copyOf(terms));
    }

    /**
     * True when DynamoDB's exact comparison is the WHERE's on every non-key column, so a condition can stand for it
     * without reading the item first.
     */
    boolean conditionsCompareExactly(List<KeyFilter> filters) {
        for (KeyFilter f : filters) {
            if (!inItemKey(f.column().column()) && !comparesExactly(f.column())) {
                return false;
            }
        }
        return true;
    }

    /**
     * True (decided when the statement is planned; it applies under autocommit) when the statement goes through an
     * index whose value at most one row carries, choosing by exact equalities alone: the hits' keys are enough. A GSI's copies of the attributes may be stale, so they decide nothing; each write
     * carries the whole WHERE as its condition ({@link #wholeRowCondition}), checked on the item itself, and counts
     * the row when it holds.
     */
    static boolean throughUniqueIndexAlone(Access access, PlanBuilder.Where where, List<KeyFilter> filters) {
        return access.uniqueIndex && where.residual() == null
                && filters.stream().allMatch(f -> comparesExactly(f.column()));
    }

    /** The index read of {@link #throughUniqueIndexAlone}: its hits' keys, not read again. */
    static List<ReadRequest> keysThrough(Access access, List<Object> params) throws SQLException {
        return List.of(((ReadRequest.IndexQuery) access.request(params, true, null)).withKeysOnly());
    }

    /**
     * The writes of {@link #throughUniqueIndexAlone}: one per index hit, each conditioned on {@link #wholeRowCondition} and
     * counting its row when the condition holds; none when the WHERE compares with NULL.
     */
    WriteResult writesPerHit(List<KeyFilter> filters, List<Object> params, List<Map<String, AttributeValue>> hits,
                             java.util.function.BiFunction<ItemKey, Condition, ItemWrite> write) throws SQLException {
        Condition c = wholeRowCondition(filters, params);
        List<ItemWrite> writes = new ArrayList<>(hits.size());
        for (Map<String, AttributeValue> hit : c == null ? List.<Map<String, AttributeValue>>of() : hits) {
            writes.add(write.apply(keyOf(hit), c));
        }
        return new WriteResult(writes, 0, null);
    }

    /**
     * The condition that an item is a row of this table matching every equality of the WHERE, key columns included
     * (for an item found through an index, not by its key). Null when a compared value is NULL (nothing can match).
     */
    private Condition wholeRowCondition(List<KeyFilter> filters, List<Object> params) throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        terms.add(new Condition.Equals(mapping.entityAttribute(), AttributeValue.fromS(table.entity())));
        for (KeyFilter f : filters) {
            Object v = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
            if (v == null) {
                return null;
            }
            terms.add(new Condition.Equals(f.column().attribute(), f.column().toAttribute(v)));
        }
        return new Condition(List.copyOf(terms));
    }

    /**
     * The writes for {@code rows} MySQL named ({@link WriteSituation#mysqlRows}), one per row at its item's key. MySQL has
     * decided which rows match and holds their locks until the statement's transaction ends, so a write is only
     * conditioned on what tells a drifted item. One row under autocommit: the item exists and holds the WHERE's exact
     * equalities, and the write counts its row. Otherwise every row counts, and the writes go together (one
     * TransactWriteItems, or the transaction's COMMIT) guarded by {@code together}.
     */
    WriteResult writesPerMysqlRow(List<RowScope> rows, List<Object> params, WriteSituation situation, Condition together,
                                  WriteAt write) throws SQLException {
        if (rows.size() == 1 && !situation.buffered()) {
            Condition c = Condition.of(new Condition.Exists(mapping.partitionKeyAttribute())).and(exactEqualities(params));
            return new WriteResult(List.of(write.at(Keys.key(table, rows.get(0).columns()::get), c, true)), 0, null);
        }
        List<ItemWrite> writes = new ArrayList<>(rows.size());
        for (RowScope row : rows) {
            writes.add(write.at(Keys.key(table, row.columns()::get), together, false));
        }
        return new WriteResult(writes, rows.size(), null);
    }

    /** One write of {@link #writesPerMysqlRow}. */
    interface WriteAt {
        ItemWrite at(ItemKey key, Condition condition, boolean countsRow);
    }

    /** The WHERE's equalities on non-key columns that DynamoDB compares as MySQL does (NULL ones left out). */
    private Condition exactEqualities(List<Object> params) throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        for (KeyFilter f : filters()) {
            if (inItemKey(f.column().column()) || !comparesExactly(f.column())) {
                continue;
            }
            Object v = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
            if (v != null) {
                terms.add(new Condition.Equals(f.column().attribute(), f.column().toAttribute(v)));
            }
        }
        return new Condition(List.copyOf(terms));
    }

    /** The WHERE's equalities (UPDATE and DELETE plans). */
    List<KeyFilter> filters() {
        return List.of();
    }

    /** True for a column of the item's key templates: the key itself holds it, no condition needs to. */
    private boolean inItemKey(String column) {
        return table.partitionKey().columns().contains(column) || table.sortKey().columns().contains(column);
    }

    private static boolean comparesExactly(ColumnMapping c) {
        return c.collation() == null || !c.collation().ignoresSomething();
    }

    // ------------------------------------------------------------------ integer ranges

    /**
     * What the item must hold for these actions' additions to integer columns to stay in range: for each
     * {@code ADD}, the old value leaves room for the increment. DynamoDB would store any number; MySQL refuses.
     */
    Condition addsInRange(List<UpdateAction> actions) {
        List<Condition.Term> terms = new ArrayList<>();
        for (UpdateAction a : actions) {
            BigDecimal delta = delta(a);
            ColumnMapping c = delta == null ? null : columnOf(a.attribute());
            if (c != null && c.max() != null) {
                terms.add(new Condition.InRange(a.attribute(), c.min().subtract(delta).max(c.min()),
                        c.max().subtract(delta).min(c.max())));
            }
        }
        return terms.isEmpty() ? Condition.NONE : new Condition(List.copyOf(terms));
    }

    /** Refuses now, as MySQL does, when this item (null: none yet) is outside a range {@link #addsInRange} requires. */
    void checkInRange(Condition ranges, Map<String, AttributeValue> item) throws SQLException {
        for (Condition.Term t : ranges.terms()) {
            if (t instanceof Condition.InRange && !Condition.holds(t, item)) {
                throw outOfRange(t);
            }
        }
    }

    /**
     * MySQL's error for the range term of a write whose condition failed, when the item shows that term is why (the
     * item is otherwise as the condition requires); null when the failure was not an integer range (0 rows).
     */
    public SQLException outOfRange(ItemWrite write, Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        SQLException range = null;
        for (Condition.Term t : write.condition().terms()) {
            if (!Condition.holds(t, item)) {
                if (!(t instanceof Condition.InRange)) {
                    return null;
                }
                range = range != null ? range : outOfRange(t);
            }
        }
        return range;
    }

    private SQLException outOfRange(Condition.Term t) {
        ColumnMapping c = columnOf(((Condition.InRange) t).attribute());
        return c.outOfRange();
    }

    private static BigDecimal delta(UpdateAction a) {
        return a instanceof UpdateAction.Add add ? add.delta()
                : a instanceof UpdateAction.Increment inc ? inc.increment() : null;
    }

    private ColumnMapping columnOf(String attribute) {
        for (ColumnMapping c : table.columns().values()) {
            if (c.attribute().equals(attribute)) {
                return c;
            }
        }
        return null;
    }

    /** The item a full-key WHERE names ({@code access} is a GET), or null when a key column is NULL (no row matches). */
    ItemKey boundKey(Access access, List<Object> params) throws SQLException {
        Map<String, Object> keyValues = new java.util.HashMap<>();
        for (Map.Entry<String, ValueSource> e : access.bound.entrySet()) {
            keyValues.put(e.getKey(), Keys.value(table, e.getKey(), e.getValue(), params));
        }
        for (String col : concat(table.partitionKey().columns(), table.sortKey().columns())) {
            if (keyValues.get(col) == null) {
                return null;
            }
        }
        return Keys.key(table, keyValues::get);
    }

    ItemKey keyOf(Map<String, AttributeValue> item) {
        return Keys.keyOf(mapping, item);
    }
}
