package dev.shift.agent.sql;

import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.KeyTemplate;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the items a statement needs are found, chosen from the columns its WHERE binds by equality:
 * the full primary key → GetItem; all columns of an index template → Query on that GSI (one item, e.g. an
 * order by id); the partition key → Query (begins_with the sort-key prefix).
 */
final class Access {
    enum Kind { GET, PARTITION, INDEX, SCAN }

    final TableMapping table;
    final Kind kind;
    final Map<String, ValueSource> bound;
    final String index;
    final String indexAttribute;
    /** The key bindings to read, each one request; more than one for {@code id IN (…)}. The first is {@link #bound}. */
    final List<Map<String, ValueSource>> alternatives;
    /** Through an index whose value at most one row carries (its template holds the whole primary key). */
    final boolean uniqueIndex;

    private Access(TableMapping table, Kind kind, List<Map<String, ValueSource>> alternatives, String index,
                   String indexAttribute) {
        this(table, kind, alternatives, index, indexAttribute,
                kind == Kind.INDEX && table.identifiesOneRow(table.indexes().get(index).columns()));
    }

    private Access(TableMapping table, Kind kind, List<Map<String, ValueSource>> alternatives, String index,
                   String indexAttribute, boolean uniqueIndex) {
        this.table = table;
        this.kind = kind;
        this.alternatives = List.copyOf(alternatives);
        this.bound = this.alternatives.get(0);
        this.index = index;
        this.indexAttribute = indexAttribute;
        this.uniqueIndex = uniqueIndex;
    }

    /** The same access path read once per binding (each binding binds the same columns as this one). */
    Access forEach(List<Map<String, ValueSource>> bindings) {
        return new Access(table, kind, bindings, index, indexAttribute, uniqueIndex);   // per execution: nothing derived again
    }

    /** One request per binding, in order, each once, without those a NULL key value rules out. */
    List<ReadRequest> requests(List<Object> params, boolean forward, Integer limit) throws SQLException {
        if (alternatives.size() == 1) {   // the usual case, per execution: no set to keep the requests apart
            try {
                return List.of(request(bound, params, forward, limit));
            } catch (NullKey n) {
                return List.of();
            }
        }
        java.util.Set<ReadRequest> out = new java.util.LinkedHashSet<>(alternatives.size());
        for (Map<String, ValueSource> binding : alternatives) {
            try {
                out.add(request(binding, params, forward, limit));
            } catch (NullKey n) {
                // "col = NULL" / "col IN (NULL)" matches no row
            }
        }
        return new ArrayList<>(out);
    }

    /** Why a read that binds no key is refused, and what an operator can do about it. */
    static final String NO_SCAN = " (a full scan is not supported; a small table can be marked \"scannable\" in the mapping)";

    /** Every item of a table the mapping marks scannable (a read that binds no key). */
    static Access scan(Mapping m, TableMapping itemTable) {
        return new Access(itemTable, Kind.SCAN, List.of(Map.of()), null, m.entityAttribute());
    }

    /** Chooses an access path or throws {@link PlanException} saying which columns would be needed. */
    static Access choose(Mapping m, TableMapping t, Map<String, ValueSource> bound, String sqlTable) {
        boolean partition = bound.keySet().containsAll(t.partitionKey().columns());
        if (partition && bound.keySet().containsAll(t.sortKey().columns())) {
            return new Access(t, Kind.GET, List.of(bound), null, null);
        }
        // an index on a bound column (orders by id) finds the one item; preferred over reading the partition
        for (Map.Entry<String, KeyTemplate> e : t.indexes().entrySet()) {
            if (bound.keySet().containsAll(e.getValue().columns())) {
                return new Access(t, Kind.INDEX, List.of(bound), e.getKey(), m.indexes().get(e.getKey()));
            }
        }
        if (partition) {
            return new Access(t, Kind.PARTITION, List.of(bound), null, null);
        }
        StringBuilder need = new StringBuilder(String.join(", ", t.partitionKey().columns()));
        for (Map.Entry<String, KeyTemplate> e : t.indexes().entrySet()) {
            need.append(" or ").append(String.join(", ", e.getValue().columns())).append(" (index ").append(e.getKey()).append(')');
        }
        throw new PlanException(sqlTable, "WHERE on " + sqlTable + " must bind " + need + " by equality" + NO_SCAN);
    }

    /** The request of the first binding ({@link #bound}). */
    ReadRequest request(List<Object> params, boolean forward, Integer limit) throws SQLException {
        return request(bound, params, forward, limit);
    }

    /** The request of one binding (of the same columns as {@link #bound}). */
    private ReadRequest request(Map<String, ValueSource> binding, List<Object> params, boolean forward, Integer limit)
            throws SQLException {
        Map<String, Object> values = new HashMap<>(binding.size() * 2);
        for (Map.Entry<String, ValueSource> e : binding.entrySet()) {
            Object v = Keys.value(table, e.getKey(), e.getValue(), params);
            if (v == null) {
                throw new NullKey();   // "col = NULL" matches no row: nothing to read
            }
            values.put(e.getKey(), v);
        }
        switch (kind) {
            case SCAN:
                return new ReadRequest.Scan(indexAttribute, table.entity());
            case GET: {
                checkNotNull(values, table.partitionKey().columns());
                checkNotNull(values, table.sortKey().columns());
                return new ReadRequest.Get(Keys.key(table, values::get));
            }
            case PARTITION: {
                checkNotNull(values, table.partitionKey().columns());
                return new ReadRequest.Query(Keys.render(table, table.partitionKey(), values::get),
                        Keys.prefix(table, table.sortKey(), values::get), forward, limit);
            }
            default: {
                KeyTemplate kt = table.indexes().get(index);
                checkNotNull(values, kt.columns());
                return new ReadRequest.IndexQuery(index, indexAttribute, Keys.render(table, kt, values::get),
                        uniqueIndex, false);
            }
        }
    }

    /** The first sort-key column a partition Query leaves unbound (the one its order follows), or null. */
    String firstUnboundSortColumn() {
        for (String c : table.sortKey().columns()) {
            if (!bound.containsKey(c)) {
                return c;
            }
        }
        return null;
    }

    /** A NULL key value matches no row ("col = NULL" is never true); signalled so callers return nothing. */
    static final class NullKey extends RuntimeException {
        NullKey() {
            super(null, null, false, false);
        }
    }

    private static void checkNotNull(Map<String, Object> values, List<String> cols) {
        for (String c : cols) {
            if (values.get(c) == null) {
                throw new NullKey();
            }
        }
    }
}
