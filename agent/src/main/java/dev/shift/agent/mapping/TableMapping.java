package dev.shift.agent.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    TableMapping(String name, String entity, KeyTemplate partitionKey, KeyTemplate sortKey,
                 Map<String, ColumnMapping> columns, String autoIncrement, Map<String, KeyTemplate> indexes,
                 Embedding embedding) {
        this.name = name;
        this.entity = entity;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.autoIncrement = autoIncrement;
        this.indexes = Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
        this.embedding = embedding;
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

    @Override
    public String toString() {
        return name;
    }
}
