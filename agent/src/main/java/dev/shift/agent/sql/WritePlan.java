package dev.shift.agent.sql;

import dev.shift.agent.dynamo.DynamoErrors;
import dev.shift.agent.dynamo.WriteContext;
import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.item.WriteResult;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An INSERT/UPDATE/DELETE on a migrated table, turned into item writes by {@link #writes}. The caller
 * ({@code DynamoTransaction}) applies them at once (autocommit) or buffers them until COMMIT.
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
     * The AUTO_INCREMENT column of an INSERT's table, if any. When the statement leaves it absent, NULL or 0,
     * {@link #writes} asks {@link WriteContext#generatedKey} for the id (MySQL's generated key in dual-write
     * phases, IdAllocator in phase 5) and reports it in {@link WriteResult#generatedKey()}, for
     * {@code getGeneratedKeys()} (see {@link dev.shift.agent.merge.RowSet#generatedKeys}).
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

    /** The rows an access path reaches: its key, index or partition columns bound to these parameters. */
    static RowScope scopeOf(Access access, List<Object> params) throws SQLException {
        List<String> columns = switch (access.kind) {
            case GET -> concat(access.table.partitionKey().columns(), access.table.sortKey().columns());
            case INDEX -> access.table.indexes().get(access.index).columns();
            case PARTITION -> access.table.partitionKey().columns();
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

    /** The item writes for these parameters (may read through {@code ctx.reader()} to find the items). */
    /**
     * True when the plan's writes are conditioned on what it read (a rewritten list): under autocommit a failed
     * condition means another connection changed the item meanwhile, and the statement is read and applied again.
     */
    public boolean rereadsOnConflict() {
        return false;
    }

    public final WriteResult writes(List<Object> params, WriteContext ctx) throws SQLException {
        try {
            return plan(params, ctx);
        } catch (Access.NullKey n) {
            return new WriteResult(List.of(), 0, null);
        } catch (SdkException e) {
            throw DynamoErrors.toSql(sql, mapping.tableName(), "lookup", e);
        }
    }

    abstract WriteResult plan(List<Object> params, WriteContext ctx) throws SQLException;

    // ------------------------------------------------------------------ shared helpers

    /** Index partition-key attributes whose template columns all have values. */
    void putIndexAttributes(Map<String, AttributeValue> out, Map<String, Object> values) {
        for (Map.Entry<String, KeyTemplate> e : table.indexes().entrySet()) {
            boolean complete = true;
            for (String c : e.getValue().columns()) {
                complete &= values.get(c) != null;
            }
            if (complete) {
                out.put(mapping.indexes().get(e.getKey()), AttributeValue.fromS(Keys.render(table, e.getValue(), values::get)));
            }
        }
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

    AttributeValue version(WriteContext ctx) {
        return AttributeValue.fromN(Long.toString(ctx.version()));
    }

    /** Items found for a WHERE by reading, filtered by every equality (in memory, typed). */
    List<Map<String, AttributeValue>> matching(Access access, List<KeyFilter> filters, List<Object> params,
                                               WriteContext ctx) throws SQLException {
        ReadRequest request = access.request(params, true, null);
        List<Map<String, AttributeValue>> items = ctx.reader().read(request);
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
                if (!Keys.sqlEquals(c.fromAttribute(item.get(c.attribute())), expected[i])) {
                    continue outer;
                }
            }
            out.add(item);
        }
        return out;
    }

    /**
     * The condition that a row found by its full key still matches the WHERE: the item exists and every
     * equality on a non-key column holds. Null when a compared value is NULL (nothing can match).
     */
    Condition rowCondition(List<KeyFilter> filters, List<Object> params) throws SQLException {
        List<Condition.Term> terms = new ArrayList<>();
        terms.add(new Condition.Exists(mapping.partitionKeyAttribute()));
        for (KeyFilter f : filters) {
            String col = f.column().column();
            if (table.partitionKey().columns().contains(col) || table.sortKey().columns().contains(col)) {
                continue;
            }
            Object v = Keys.coerce(f.column(), table, f.value().resolve(params), f.value());
            if (v == null) {
                return null;
            }
            terms.add(new Condition.Equals(f.column().attribute(), f.column().toAttribute(v)));
        }
        return new Condition(List.copyOf(terms));
    }

    ItemKey keyOf(Map<String, AttributeValue> item) {
        return Keys.keyOf(mapping, item);
    }
}
