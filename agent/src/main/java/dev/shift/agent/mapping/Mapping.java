package dev.shift.agent.mapping;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.collation.Collation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The declarative description of what migrates and how: one DynamoDB table (single-table design), its key
 * attributes, the GSIs Shift uses, and per migrated SQL table the key templates, column → attribute/type,
 * the AUTO_INCREMENT column, embedded children and index templates. Loaded from JSON the operator can read
 * and edit; {@link #defaultMapping()} describes the legacy shop (see {@code default-mapping.json}).
 *
 * <p>Format (every field name is checked; unknown fields are errors so typos do not silently do nothing):
 * <pre>{@code
 * { "database": "shop",   (optional: only this database's tables migrate)
 *   "dynamodb": { "table": "Users", "partitionKey": "PK", "sortKey": "SK",
 *                 "entityAttribute": "entity", "versionAttribute": "shift_version",
 *                 "counterPartition": "SHIFT#COUNTER",
 *                 "indexes": [ { "name": "GSI1", "partitionKey": "GSI1PK" } ] },
 *   "tables": {
 *     "shopping_carts": { "entity": "CART", "partitionKey": "USER#{user_id}", "sortKey": "CART#{product_id}",
 *                         "columns": { "user_id": "number-long", "quantity": { "type": "number-int", "attribute": "qty" } } },
 *     "orders": { ..., "autoIncrement": "id", "indexes": { "GSI1": "ORDER#{id}" } },
 *     "order_items": { "embeddedIn": { "table": "orders", "attribute": "items", "parentColumns": { "order_id": "id" } },
 *                      "columns": { ... } } } }
 * }</pre>
 * A column is either a type name or {@code {"type": …, "attribute": …, "scale": …}} (attribute defaults to the
 * column name; scale is required for decimal).
 */
public final class Mapping {
    public static final String DEFAULT_RESOURCE = "/dev/shift/agent/mapping/default-mapping.json";

    private final String tableName;
    private final String partitionKeyAttribute;
    private final String sortKeyAttribute;
    private final String entityAttribute;
    private final String versionAttribute;
    private final String counterPartition;
    private final Map<String, String> indexPartitionKeys;   // index name → hash key attribute
    private final Map<String, TableMapping> tables;          // lower-case SQL name → mapping
    private final String database;                           // null: the tables' names alone say what migrates

    private Mapping(String tableName, String pk, String sk, String entityAttribute, String versionAttribute,
                    String counterPartition, Map<String, String> indexPartitionKeys, Map<String, TableMapping> tables,
                    String database) {
        this.database = database;
        this.tableName = tableName;
        this.partitionKeyAttribute = pk;
        this.sortKeyAttribute = sk;
        this.entityAttribute = entityAttribute;
        this.versionAttribute = versionAttribute;
        this.counterPartition = counterPartition;
        this.indexPartitionKeys = Collections.unmodifiableMap(indexPartitionKeys);
        this.tables = Collections.unmodifiableMap(tables);
    }

    public static Mapping defaultMapping() {
        try (InputStream in = Mapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new MappingException("default mapping resource " + DEFAULT_RESOURCE + " is missing from the agent jar");
            }
            return load(in);
        } catch (IOException e) {
            throw new MappingException("cannot read default mapping: " + e.getMessage(), e);
        }
    }

    public static Mapping load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (IOException e) {
            throw new MappingException("cannot read mapping file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Mapping load(InputStream in) {
        Map<String, Object> root;
        try {
            root = JSON.std.mapFrom(in);
        } catch (IOException e) {
            throw new MappingException("mapping is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new MappingException("mapping is empty");
        }
        return parse(root);
    }

    /** The same mapping on another DynamoDB table (tests, a second environment). */
    public Mapping withTableName(String table) {
        if (table == null || table.isBlank()) {
            throw new MappingException("dynamodb.table: expected a non-empty string");
        }
        return new Mapping(table, partitionKeyAttribute, sortKeyAttribute, entityAttribute, versionAttribute,
                counterPartition, indexPartitionKeys, tables, database);
    }

    /** What {@link #definedBy} made of the tables' DDL: the mapping to plan with, and what did not match. */
    public record Defined(Mapping mapping, List<String> notes) {
    }

    /**
     * This mapping with every column as its table's DDL defines it ({@link ColumnMapping#definedBy}): the
     * length, NOT NULL, scale and collation MySQL applies. A mapped table or column the DDL lacks is noted and left
     * as mapped.
     *
     * @param ddl lower-case table name → lower-case column name → definition
     */
    public Defined definedBy(Map<String, Map<String, ColumnDefinition>> ddl) {
        List<String> notes = new java.util.ArrayList<>();
        Map<String, TableMapping> defined = new LinkedHashMap<>();
        for (Map.Entry<String, TableMapping> e : tables.entrySet()) {
            TableMapping t = e.getValue();
            Map<String, ColumnDefinition> columns = ddl.get(t.name());
            if (columns == null) {
                notes.add(t.name() + ": not found in MySQL's information_schema; left as mapped");
                defined.put(e.getKey(), t);
                continue;
            }
            Map<String, ColumnMapping> out = new LinkedHashMap<>();
            for (ColumnMapping c : t.columns().values()) {
                ColumnDefinition d = columns.get(c.column());
                if (d == null) {
                    notes.add(t.name() + "." + c.column() + ": not a column of the table; left as mapped");
                    out.put(c.column(), c);
                } else {
                    boolean generated = t.autoIncrement().filter(c.column()::equals).isPresent();
                    ColumnMapping redefined = c.definedBy(t.name(), d, generated, notes);
                    if (t.isKeyColumn(c.column()) && !c.normalisedKey() && redefined.collation() != null
                            && redefined.collation().ignoresSomething()) {
                        notes.add(t.name() + "." + c.column() + ": a key column MySQL compares under "
                                + redefined.collation().name() + " (letter case or trailing spaces ignored) while item "
                                + "keys are exact: a lookup spelled otherwise than the stored value finds nothing. "
                                + "Declare its \"collation\" and \"normalise\": true in the mapping before the first backfill");
                    }
                    out.put(c.column(), redefined);
                }
            }
            defined.put(e.getKey(), t.withColumns(out));
        }
        return new Defined(new Mapping(tableName, partitionKeyAttribute, sortKeyAttribute, entityAttribute,
                versionAttribute, counterPartition, indexPartitionKeys, defined, database), List.copyOf(notes));
    }

    // ---------------------------------------------------------------- accessors

    public String tableName() {
        return tableName;
    }

    public String partitionKeyAttribute() {
        return partitionKeyAttribute;
    }

    public String sortKeyAttribute() {
        return sortKeyAttribute;
    }

    public String entityAttribute() {
        return entityAttribute;
    }

    /** Number attribute on every item Shift writes: the write time in microseconds since the epoch. */
    public String versionAttribute() {
        return versionAttribute;
    }

    /** Partition key of Shift's id counters (sort key = {@code table.column}). */
    public String counterPartition() {
        return counterPartition;
    }

    /**
     * The MySQL database the migrated tables live in, or null. Set, a table of the same name in another database
     * (an archive, another tenant) is not migrated: its statements pass through untouched.
     */
    public String database() {
        return database;
    }

    /** Index name → its partition key attribute. */
    public Map<String, String> indexes() {
        return indexPartitionKeys;
    }

    public Map<String, TableMapping> tables() {
        return tables;
    }

    /** The mapping of an SQL table (name case-insensitive, backticks and schema stripped by the caller), or null. */
    public TableMapping table(String sqlName) {
        TableMapping t = tables.get(sqlName);
        return t != null ? t : tables.get(sqlName.toLowerCase(Locale.ROOT));
    }

    // ---------------------------------------------------------------- parsing

    private static final Set<String> ROOT_FIELDS = Set.of("dynamodb", "tables", "description", "database");
    private static final Set<String> DDB_FIELDS = Set.of("table", "partitionKey", "sortKey", "entityAttribute",
            "versionAttribute", "counterPartition", "indexes");
    private static final Set<String> TABLE_FIELDS = Set.of("entity", "partitionKey", "sortKey", "columns",
            "autoIncrement", "indexes", "embeddedIn", "description", "scannable");
    private static final Set<String> COLUMN_FIELDS = Set.of("type", "attribute", "scale", "length", "nullable", "collation",
            "normalise");
    private static final Set<String> EMBED_FIELDS = Set.of("table", "attribute", "parentColumns");

    private static Mapping parse(Map<String, Object> root) {
        checkFields(root, ROOT_FIELDS, "");
        Map<String, Object> ddb = object(root, "dynamodb", "", true);
        checkFields(ddb, DDB_FIELDS, "dynamodb.");
        String table = string(ddb, "table", "dynamodb.", false, "Users");
        String pk = string(ddb, "partitionKey", "dynamodb.", false, "PK");
        String sk = string(ddb, "sortKey", "dynamodb.", false, "SK");
        String entityAttr = string(ddb, "entityAttribute", "dynamodb.", false, "entity");
        String versionAttr = string(ddb, "versionAttribute", "dynamodb.", false, "shift_version");
        String counter = string(ddb, "counterPartition", "dynamodb.", false, "SHIFT#COUNTER");
        Map<String, String> indexes = new LinkedHashMap<>();
        Object idx = ddb.get("indexes");
        if (idx != null) {
            if (!(idx instanceof List)) {
                throw new MappingException("dynamodb.indexes: expected a list of {name, partitionKey}");
            }
            int i = 0;
            for (Object o : (List<?>) idx) {
                String f = "dynamodb.indexes[" + i++ + "].";
                if (!(o instanceof Map)) {
                    throw new MappingException(f.substring(0, f.length() - 1) + ": expected an object {name, partitionKey}");
                }
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
                checkFields(m, Set.of("name", "partitionKey"), f);
                indexes.put(string(m, "name", f, true, null), string(m, "partitionKey", f, true, null));
            }
        }
        Set<String> reserved = new HashSet<>(List.of(pk, sk, entityAttr, versionAttr));
        reserved.addAll(indexes.values());
        if (reserved.size() != 4 + indexes.size()) {
            throw new MappingException("dynamodb: partitionKey, sortKey, entityAttribute, versionAttribute and index keys must be distinct attribute names");
        }

        Map<String, Object> tablesJson = object(root, "tables", "", true);
        if (tablesJson.isEmpty()) {
            throw new MappingException("tables: no migrated table declared");
        }
        Map<String, TableMapping> tables = new LinkedHashMap<>();
        Map<String, Map<String, Object>> embeddedJson = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : tablesJson.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String f = "tables." + e.getKey() + ".";
            if (!(e.getValue() instanceof Map)) {
                throw new MappingException("tables." + e.getKey() + ": expected an object");
            }
            @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) e.getValue();
            checkFields(t, TABLE_FIELDS, f);
            if (t.containsKey("embeddedIn")) {
                embeddedJson.put(name, t);
                continue;
            }
            Map<String, ColumnMapping> columns = columns(t, f, reserved);
            String entity = string(t, "entity", f, true, null);
            KeyTemplate pkT = template(t, "partitionKey", f, columns);
            KeyTemplate skT = template(t, "sortKey", f, columns);
            String auto = string(t, "autoIncrement", f, false, null);
            if (auto != null) {
                auto = auto.toLowerCase(Locale.ROOT);
                ColumnMapping c = columns.get(auto);
                if (c == null) {
                    throw new MappingException(f + "autoIncrement: column '" + auto + "' is not in " + f + "columns");
                }
                if (c.type() != ColumnType.LONG && c.type() != ColumnType.INT) {
                    throw new MappingException(f + "autoIncrement: column '" + auto + "' must be number-long or number-int");
                }
            }
            Map<String, KeyTemplate> tIdx = new LinkedHashMap<>();
            Map<String, Object> ti = object(t, "indexes", f, false);
            if (ti != null) {
                for (Map.Entry<String, Object> ie : ti.entrySet()) {
                    if (!indexes.containsKey(ie.getKey())) {
                        throw new MappingException(f + "indexes." + ie.getKey() + ": index is not declared in dynamodb.indexes");
                    }
                    if (!(ie.getValue() instanceof String)) {
                        throw new MappingException(f + "indexes." + ie.getKey() + ": expected a key template string");
                    }
                    tIdx.put(ie.getKey(), checkedTemplate((String) ie.getValue(), f + "indexes." + ie.getKey(), columns));
                }
            }
            Object scan = t.get("scannable");
            if (scan != null && !(scan instanceof Boolean)) {
                throw new MappingException(f + "scannable: expected true or false");
            }
            TableMapping mapped = new TableMapping(name, entity, pkT, skT, columns, auto, tIdx, null, Boolean.TRUE.equals(scan));
            for (ColumnMapping c : columns.values()) {
                if (c.normalisedKey() && !mapped.isKeyColumn(c.column())) {
                    throw new MappingException(f + "columns." + c.column() + ".normalise: only a column of a key or index "
                            + "template is normalised");
                }
            }
            tables.put(name, mapped);
        }
        for (Map.Entry<String, Map<String, Object>> e : embeddedJson.entrySet()) {
            String name = e.getKey();
            Map<String, Object> t = e.getValue();
            String f = "tables." + name + ".";
            for (String forbidden : List.of("entity", "partitionKey", "sortKey", "autoIncrement", "indexes")) {
                if (t.containsKey(forbidden)) {
                    throw new MappingException(f + forbidden + ": not allowed on an embedded table (its rows live in the parent item)");
                }
            }
            Map<String, ColumnMapping> columns = columns(t, f, Set.of());
            Map<String, Object> em = object(t, "embeddedIn", f, true);
            String ef = f + "embeddedIn.";
            checkFields(em, EMBED_FIELDS, ef);
            String parent = string(em, "table", ef, true, null).toLowerCase(Locale.ROOT);
            TableMapping pm = tables.get(parent);
            if (pm == null) {
                throw new MappingException(ef + "table: '" + parent + "' is not a migrated top-level table");
            }
            String attr = string(em, "attribute", ef, true, null);
            if (reserved.contains(attr) || pm.columns().values().stream().anyMatch(c -> c.attribute().equals(attr))) {
                throw new MappingException(ef + "attribute: '" + attr + "' is already used on " + parent + " items");
            }
            Map<String, Object> pc = object(em, "parentColumns", ef, true);
            Map<String, String> parentColumns = new LinkedHashMap<>();
            for (Map.Entry<String, Object> pe : pc.entrySet()) {
                String child = pe.getKey().toLowerCase(Locale.ROOT);
                String par = String.valueOf(pe.getValue()).toLowerCase(Locale.ROOT);
                if (!columns.containsKey(child)) {
                    throw new MappingException(ef + "parentColumns." + pe.getKey() + ": not a column of " + name);
                }
                if (!pm.columns().containsKey(par)) {
                    throw new MappingException(ef + "parentColumns." + pe.getKey() + ": '" + par + "' is not a column of " + parent);
                }
                parentColumns.put(child, par);
            }
            if (parentColumns.isEmpty()) {
                throw new MappingException(ef + "parentColumns: at least one child column → parent column is required");
            }
            tables.put(name, new TableMapping(name, null, null, null, columns, null, Map.of(),
                    new Embedding(parent, attr, Collections.unmodifiableMap(parentColumns))));
        }
        String database = string(root, "database", "", false, null);
        if (database != null && !database.matches("[A-Za-z0-9_$]{1,64}")) {
            throw new MappingException("database: expected a MySQL database name (letters, digits, _ and $), got "
                    + database);
        }
        return new Mapping(table, pk, sk, entityAttr, versionAttr, counter, indexes, tables, database);
    }

    private static Map<String, ColumnMapping> columns(Map<String, Object> t, String f, Set<String> reserved) {
        Map<String, Object> cj = object(t, "columns", f, true);
        if (cj.isEmpty()) {
            throw new MappingException(f + "columns: no column declared");
        }
        Map<String, ColumnMapping> columns = new LinkedHashMap<>();
        Set<String> attrs = new HashSet<>();
        for (Map.Entry<String, Object> ce : cj.entrySet()) {
            String col = ce.getKey().toLowerCase(Locale.ROOT);
            String cf = f + "columns." + ce.getKey();
            String type;
            String attr = ce.getKey();
            int scale = -1;
            int length = -1;
            boolean nullable = true;
            Collation collation = null;
            boolean normalise = false;
            if (ce.getValue() instanceof String) {
                type = (String) ce.getValue();
            } else if (ce.getValue() instanceof Map) {
                @SuppressWarnings("unchecked") Map<String, Object> cm = (Map<String, Object>) ce.getValue();
                checkFields(cm, COLUMN_FIELDS, cf + ".");
                type = string(cm, "type", cf + ".", true, null);
                attr = string(cm, "attribute", cf + ".", false, attr);
                Object s = cm.get("scale");
                if (s != null) {
                    if (!(s instanceof Number) || ((Number) s).intValue() < 0) {
                        throw new MappingException(cf + ".scale: expected a non-negative integer");
                    }
                    scale = ((Number) s).intValue();
                }
                Object len = cm.get("length");
                if (len != null) {
                    if (!(len instanceof Number) || ((Number) len).intValue() < 1) {
                        throw new MappingException(cf + ".length: expected a positive integer (the column's VARCHAR(n))");
                    }
                    length = ((Number) len).intValue();
                }
                Object nul = cm.get("nullable");
                if (nul != null) {
                    if (!(nul instanceof Boolean)) {
                        throw new MappingException(cf + ".nullable: expected true or false");
                    }
                    nullable = (Boolean) nul;
                }
                Object norm = cm.get("normalise");
                if (norm != null) {
                    if (!(norm instanceof Boolean)) {
                        throw new MappingException(cf + ".normalise: expected true or false");
                    }
                    normalise = (Boolean) norm;
                }
                String coll = string(cm, "collation", cf + ".", false, null);
                if (coll != null) {
                    try {
                        collation = Collation.of(coll);
                    } catch (IllegalArgumentException e) {
                        throw new MappingException(cf + ".collation: " + e.getMessage());
                    }
                }
            } else {
                throw new MappingException(cf + ": expected a type name or {type, attribute, scale, length, nullable, collation, normalise}");
            }
            ColumnType ct = ColumnType.fromConfig(type, cf + ".type");
            if (ct == ColumnType.DECIMAL && scale < 0) {
                throw new MappingException(cf + ".scale: required for decimal (the column's DECIMAL(p,s) scale)");
            }
            if (ct != ColumnType.DECIMAL && scale >= 0) {
                throw new MappingException(cf + ".scale: only allowed for decimal");
            }
            if (ct != ColumnType.STRING && length >= 0) {
                throw new MappingException(cf + ".length: only allowed for string");
            }
            if (ct != ColumnType.STRING && collation != null) {
                throw new MappingException(cf + ".collation: only allowed for string");
            }
            if (normalise && (collation == null || !collation.ignoresSomething())) {
                throw new MappingException(cf + ".normalise: needs the column's \"collation\", one that ignores letter "
                        + "case or trailing spaces (the key text is that collation's)");
            }
            if (reserved.contains(attr)) {
                throw new MappingException(cf + ".attribute: '" + attr + "' is reserved for keys/entity/version");
            }
            if (!attrs.add(attr)) {
                throw new MappingException(cf + ".attribute: '" + attr + "' is used by another column");
            }
            columns.put(col, new ColumnMapping(col, attr, ct, scale, length, nullable, collation, normalise, null));
        }
        return columns;
    }

    private static KeyTemplate template(Map<String, Object> t, String field, String f, Map<String, ColumnMapping> columns) {
        return checkedTemplate(string(t, field, f, true, null), f + field, columns);
    }

    private static KeyTemplate checkedTemplate(String text, String field, Map<String, ColumnMapping> columns) {
        KeyTemplate kt = KeyTemplate.parse(text, field);
        for (String c : kt.columns()) {
            if (!columns.containsKey(c)) {
                throw new MappingException(field + ": placeholder {" + c + "} is not a declared column");
            }
        }
        return kt;
    }

    private static void checkFields(Map<String, Object> m, Set<String> allowed, String prefix) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new MappingException(prefix + k + ": unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String field, String prefix, boolean required) {
        Object o = m.get(field);
        if (o == null) {
            if (required) {
                throw new MappingException(prefix + field + ": required");
            }
            return null;
        }
        if (!(o instanceof Map)) {
            throw new MappingException(prefix + field + ": expected an object");
        }
        return (Map<String, Object>) o;
    }

    private static String string(Map<String, Object> m, String field, String prefix, boolean required, String dflt) {
        Object o = m.get(field);
        if (o == null) {
            if (required) {
                throw new MappingException(prefix + field + ": required");
            }
            return dflt;
        }
        if (!(o instanceof String) || ((String) o).isBlank()) {
            throw new MappingException(prefix + field + ": expected a non-empty string");
        }
        return (String) o;
    }
}
