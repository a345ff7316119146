package dev.shift.agent.schema;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.backfill.JsonFiles;
import dev.shift.agent.mapping.ColumnDefault;
import dev.shift.agent.mapping.ColumnDefinition;
import dev.shift.agent.mapping.Mapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The mapped tables' column definitions as MySQL's DDL has them: read from {@code information_schema.COLUMNS}
 * while MySQL is reachable, kept as JSON in the state directory so a restart in phase 5, with MySQL out of
 * reach, still applies MySQL's column rules and collations.
 */
public final class ColumnDefinitions {

    /** The file in the state directory. */
    public static final String FILE = "column-definitions.json";

    private ColumnDefinitions() {
    }

    /**
     * The definitions of the mapped tables' columns, in the mapping's database (or the connection's current one).
     *
     * @return lower-case table → lower-case column → definition; a table MySQL does not have is absent
     */
    public static Map<String, Map<String, ColumnDefinition>> read(Connection c, Mapping mapping) throws SQLException {
        List<String> tables = new ArrayList<>(mapping.tables().keySet());
        String sql = "SELECT LOWER(TABLE_NAME), LOWER(COLUMN_NAME), DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE, "
                + "NUMERIC_SCALE, COLLATION_NAME, COLUMN_DEFAULT, EXTRA, NUMERIC_PRECISION, COLUMN_KEY "
                + "FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND LOWER(TABLE_NAME) IN ("
                + "?,".repeat(tables.size() - 1) + "?) ORDER BY 1, ORDINAL_POSITION";
        Map<String, Map<String, ColumnDefinition>> out = new TreeMap<>();
        String version = c.getMetaData().getDatabaseProductVersion();
        boolean mariaDb = version != null && version.contains("MariaDB");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, mapping.database());
            for (int i = 0; i < tables.size(); i++) {
                ps.setString(i + 2, tables.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long length = rs.getLong(4);
                    int scale = rs.getInt(6);
                    boolean noScale = rs.wasNull();
                    boolean nullable = "YES".equalsIgnoreCase(rs.getString(5));
                    String extra = rs.getString(9) == null ? "" : rs.getString(9).toLowerCase(java.util.Locale.ROOT);
                    ColumnDefault onOmit = extra.contains("auto_increment") ? ColumnDefault.NULL
                            : mariaDb ? mariaDbDefault(rs.getString(8), nullable) : mysqlDefault(rs.getString(8), nullable, extra);
                    int precision = rs.getInt(10);
                    boolean noPrecision = rs.wasNull();
                    out.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2),
                            new ColumnDefinition(rs.getString(3), length == 0 ? -1 : length, nullable,
                                    noPrecision ? -1 : precision, noScale ? -1 : scale, rs.getString(7), onOmit,
                                    extra.contains("on update"), "PRI".equalsIgnoreCase(rs.getString(11))));
                }
            }
        }
        return out;
    }

    /**
     * MariaDB (10.2.7 on) writes COLUMN_DEFAULT as SQL: {@code 'text'} quoted, {@code NULL} for a NULL default, an
     * expression as written ({@code current_timestamp(3)}), SQL NULL for none.
     */
    static ColumnDefault mariaDbDefault(String text, boolean nullable) {
        if (text == null) {
            return nullable ? ColumnDefault.NULL : ColumnDefault.NONE;
        }
        if (text.equalsIgnoreCase("NULL")) {
            return ColumnDefault.NULL;
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return new ColumnDefault(ColumnDefault.Kind.LITERAL, text.substring(1, text.length() - 1).replace("''", "'")
                    .replace("\\\\", "\\"));
        }
        return NUMBER.matcher(text).matches() ? new ColumnDefault(ColumnDefault.Kind.LITERAL, text)
                : new ColumnDefault(ColumnDefault.Kind.COMPUTED, text);
    }

    /**
     * MySQL writes COLUMN_DEFAULT as the value's text, SQL NULL for a NULL default or none, and marks an expression
     * default {@code DEFAULT_GENERATED} in EXTRA ({@code CURRENT_TIMESTAMP} is one, flagged or not).
     */
    static ColumnDefault mysqlDefault(String text, boolean nullable, String extra) {
        if (text == null) {
            return nullable ? ColumnDefault.NULL : ColumnDefault.NONE;
        }
        if (extra.contains("default_generated") || text.toUpperCase(java.util.Locale.ROOT).startsWith("CURRENT_TIMESTAMP")) {
            return new ColumnDefault(ColumnDefault.Kind.COMPUTED, text);
        }
        return new ColumnDefault(ColumnDefault.Kind.LITERAL, text);
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** The definitions kept in {@code file}; empty when there is no such file. */
    public static Optional<Map<String, Map<String, ColumnDefinition>>> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> root = JSON.std.mapFrom(Files.readString(file));
        Map<String, Map<String, ColumnDefinition>> out = new TreeMap<>();
        try {
            for (Map.Entry<String, Object> t : map(root.get("tables")).entrySet()) {
                Map<String, ColumnDefinition> columns = new LinkedHashMap<>();
                for (Map.Entry<String, Object> c : map(t.getValue()).entrySet()) {
                    Map<String, Object> d = map(c.getValue());
                    Object dflt = d.get("default");
                    ColumnDefault onOmit = dflt == null ? null : new ColumnDefault(
                            ColumnDefault.Kind.valueOf((String) map(dflt).get("kind")), (String) map(dflt).get("text"));
                    Object precision = d.get("precision");
                    columns.put(c.getKey(), new ColumnDefinition((String) d.get("dataType"),
                            ((Number) d.get("length")).longValue(), (Boolean) d.get("nullable"),
                            precision == null ? -1 : ((Number) precision).intValue(), ((Number) d.get("scale")).intValue(),
                            (String) d.get("collation"), onOmit, Boolean.TRUE.equals(d.get("setOnUpdate")),
                            Boolean.TRUE.equals(d.get("primaryKey"))));
                }
                out.put(t.getKey(), columns);
            }
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException(file + " is not a column-definitions file Shift wrote (" + e + ")");
        }
        return Optional.of(out);
    }

    /** Keeps {@code definitions} in {@code file}, replacing it whole. */
    public static void save(Path file, Map<String, Map<String, ColumnDefinition>> definitions, String source)
            throws IOException {
        Map<String, Object> tables = new TreeMap<>();
        definitions.forEach((table, columns) -> {
            Map<String, Object> cs = new LinkedHashMap<>();
            columns.forEach((column, d) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dataType", d.dataType());
                m.put("length", d.length());
                m.put("nullable", d.nullable());
                m.put("precision", d.precision());
                m.put("scale", d.scale());
                m.put("collation", d.collation());
                if (d.onOmit() != null) {
                    Map<String, Object> dflt = new LinkedHashMap<>();
                    dflt.put("kind", d.onOmit().kind().name());
                    dflt.put("text", d.onOmit().text());
                    m.put("default", dflt);
                }
                m.put("setOnUpdate", d.setOnUpdate());
                m.put("primaryKey", d.primaryKey());
                cs.put(column, m);
            });
            tables.put(table, cs);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("learnedAt", java.time.Instant.now().toString());
        root.put("tables", tables);
        Files.createDirectories(file.toAbsolutePath().getParent());
        JsonFiles.writeAtomically(file, root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new ClassCastException("expected an object, found " + o);
        }
        return (Map<String, Object>) o;
    }
}
