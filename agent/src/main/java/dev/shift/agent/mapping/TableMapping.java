package dev.shift.agent.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One migrated SQL table. Either a top-level table (own item per row: {@link #partitionKey()},
 * {@link #sortKey()}, {@link #entity()}) or an embedded child ({@link #embedding()} present: rows live in the
 * parent's item).
 */
public final class TableMapping {
    private final String name;
    private final String entity;
    private final KeyTemplate partitionKey;
    private final KeyTemplate sortKey;
    private final Map<String, ColumnMapping> columns;
    private final String autoIncrement;
    private final Map<String, KeyTemplate> indexes;
    private final Embedding embedding;
    private final boolean scannable;

    TableMapping(String name, String entity, KeyTemplate partitionKey, KeyTemplate sortKey,
                 Map<String, ColumnMapping> columns, String autoIncrement, Map<String, KeyTemplate> indexes,
                 Embedding embedding) {
        this(name, entity, partitionKey, sortKey, columns, autoIncrement, indexes, embedding, false);
    }

    TableMapping(String name, String entity, KeyTemplate partitionKey, KeyTemplate sortKey,
                 Map<String, ColumnMapping> columns, String autoIncrement, Map<String, KeyTemplate> indexes,
                 Embedding embedding, boolean scannable) {
        this.scannable = scannable;
        this.name = name;
        this.entity = entity;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.autoIncrement = autoIncrement;
        this.indexes = Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
        this.embedding = embedding;
    }

    /** The same table with its columns redefined (same names, attributes and types). */
    TableMapping withColumns(Map<String, ColumnMapping> redefined) {
        return new TableMapping(name, entity, partitionKey, sortKey, redefined, autoIncrement, indexes, embedding, scannable);
    }

    /**
     * True when the operator allows reads that bind no key to scan the table's items (a small table: a Scan reads
     * every item of the DynamoDB table and filters by entity). Otherwise such a read is refused.
     */
    public boolean scannable() {
        return scannable;
    }

    /** SQL table name, lower case. */
    public String name() {
        return name;
    }

    /** Value of the entity-type attribute on this table's items ("CART", "ORDER"); null for embedded tables. */
    public String entity() {
        return entity;
    }

    public KeyTemplate partitionKey() {
        return partitionKey;
    }

    public KeyTemplate sortKey() {
        return sortKey;
    }

    /** Columns in declaration order (the order of {@code SELECT *}), keyed by lower-case column name. */
    public Map<String, ColumnMapping> columns() {
        return columns;
    }

    public ColumnMapping column(String column) {
        return columns.get(column);
    }

    public Optional<String> autoIncrement() {
        return Optional.ofNullable(autoIncrement);
    }

    /**
     * True when rows with values for {@code keyColumns} are at most one: the columns include the whole primary key
     * of the table's DDL (known once Shift has read it; before, false).
     */
    public boolean identifiesOneRow(List<String> keyColumns) {
        List<String> primary = columns.values().stream()
                .filter(c -> c.ddl() != null && c.ddl().primaryKey()).map(ColumnMapping::column).toList();
        return !primary.isEmpty() && keyColumns.containsAll(primary);
    }

    /** Index name → template of that index's partition key attribute value (e.g. GSI1 → {@code ORDER#{id}}). */
    public Map<String, KeyTemplate> indexes() {
        return indexes;
    }

    public Optional<Embedding> embedding() {
        return Optional.ofNullable(embedding);
    }

    public boolean isEmbedded() {
        return embedding != null;
    }

    /** True when the column is part of the primary key or an index key (so it cannot be updated in place). */
    public boolean isKeyColumn(String column) {
        if (partitionKey != null && (partitionKey.columns().contains(column) || sortKey.columns().contains(column))) {
            return true;
        }
        for (KeyTemplate t : indexes.values()) {
            if (t.columns().contains(column)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key columns' values of the row whose item has this key ({@code PK}, {@code SK}), as canonical values: the
     * inverse of rendering the key templates, checked by rendering again. Empty when the key is not one of this
     * table's, or splits into more than one set of values.
     */
    public Optional<Map<String, Object>> keyValues(String pk, String sk) {
        if (partitionKey == null) {
            return Optional.empty();
        }
        Map<String, Object> found = null;
        for (Map<String, String> p : partitionKey.match(pk, 8)) {
            for (Map<String, String> s : sortKey.match(sk, 8)) {
                Map<String, Object> values = typed(p, s);
                if (values == null || !render(partitionKey, values).equals(pk) || !render(sortKey, values).equals(sk)) {
                    continue;
                }
                if (found != null && !found.equals(values)) {
                    return Optional.empty();   // ambiguous: never guess which row a key names
                }
                found = values;
            }
        }
        return Optional.ofNullable(found);
    }

    private Map<String, Object> typed(Map<String, String> a, Map<String, String> b) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, String> texts : List.of(a, b)) {
            for (Map.Entry<String, String> e : texts.entrySet()) {
                ColumnMapping c = columns.get(e.getKey());
                if (c == null) {
                    return null;
                }
                Object v;
                try {
                    v = c.coerce(e.getValue());
                } catch (RuntimeException notOfType) {
                    return null;
                }
                Object earlier = out.putIfAbsent(e.getKey(), v);
                if (earlier != null && !earlier.equals(v)) {
                    return null;
                }
            }
        }
        return out;
    }

    private String render(KeyTemplate t, Map<String, Object> values) {
        return t.render(c -> values.get(c) == null ? null : columns.get(c).render(values.get(c)));
    }

    @Override
    public String toString() {
        return name;
    }
}
