package dev.shift.agent.sql;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Parse → plan, cached per SQL string. {@link #plan(String)} never throws: unparseable SQL becomes
 * {@link NotMigrated} when no migrated table name occurs in it, else {@link Untranslatable}.
 *
 * <p>The cache is a {@link ConcurrentHashMap} bounded by {@code maxEntries}: when full it is cleared (an
 * application has a few dozen distinct statements; a flood of distinct literal SQL just re-plans). A hit is
 * one hash lookup, no allocation.
 */
public final class SqlPlanner {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private volatile Mapping mapping;
    private final int maxEntries;
    private final ConcurrentHashMap<String, StatementPlan> cache = new ConcurrentHashMap<>();
    private final Pattern migratedWord;

    public SqlPlanner(Mapping mapping) {
        this(mapping, DEFAULT_MAX_ENTRIES);
    }

    public SqlPlanner(Mapping mapping, int maxEntries) {
        this.mapping = mapping;
        this.maxEntries = maxEntries;
        StringBuilder alt = new StringBuilder();
        for (String t : mapping.tables().keySet()) {
            alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(t));
        }
        this.migratedWord = Pattern.compile("(?<![A-Za-z0-9_$])(" + alt + ")(?![A-Za-z0-9_$])", Pattern.CASE_INSENSITIVE);
    }

    public Mapping mapping() {
        return mapping;
    }

    /**
     * Plans from now on with {@code redefined}: the same tables, their columns as the DDL defines them
     * ({@link Mapping#definedBy}). Cached plans are dropped; a plan being made meanwhile is not cached.
     */
    public void useMapping(Mapping redefined) {
        if (!redefined.tables().keySet().equals(mapping.tables().keySet())) {
            throw new IllegalArgumentException("a redefined mapping must map the same tables");
        }
        mapping = redefined;
        cache.clear();
    }

    /** The plan for this SQL string (cached). Never throws. */
    public StatementPlan plan(String sql) {
        StatementPlan p = cache.get(sql);
        if (p != null) {
            return p;
        }
        Mapping planned = mapping;
        p = planUncached(sql, planned);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        StatementPlan prev = cache.putIfAbsent(sql, p);
        if (planned != mapping) {
            cache.remove(sql, p);   // planned with the mapping useMapping just replaced
        }
        return prev != null ? prev : p;
    }

    public int cacheSize() {
        return cache.size();
    }

    /** Parse and plan without the cache. */
    public StatementPlan planUncached(String sql) {
        return planUncached(sql, mapping);
    }

    private StatementPlan planUncached(String sql, Mapping mapping) {
        if (sql == null || sql.isBlank()) {
            return new NotMigrated(sql == null ? "" : sql);
        }
        if (hasSecondStatement(sql)) {
            return lexical(sql, "several statements in one string are not supported");
        }
        Statement st;
        try {
            st = CCJSqlParserUtil.newParser(sql).Statement();
        } catch (Throwable e) {   // ParseException, TokenMgrException (an Error), anything the grammar throws
            return lexical(sql, "the SQL parser cannot read it (" + firstLine(e) + ")");
        }
        if (st == null) {
            return lexical(sql, "the SQL parser found no statement");
        }
        if (isSchemaStatement(st)) {
            // The application's schema stays MySQL's in every phase; Shift manages the DynamoDB table itself.
            return new NotMigrated(sql);
        }
        Set<String> migrated = new LinkedHashSet<>();
        try {
            for (String name : new TablesNamesFinder<Void>().getTables(st)) {
                String n = normalise(name);
                if (mapping.table(n) != null && inMappedDatabase(name)) {
                    migrated.add(n);
                }
            }
        } catch (Throwable e) {
            return lexical(sql, "Shift cannot tell which tables it uses (" + firstLine(e) + ")");
        }
        if (migrated.isEmpty()) {
            return new NotMigrated(sql);
        }
        try {
            return new PlanBuilder(mapping, sql, st, migrated).build();
        } catch (PlanException e) {
            return new Untranslatable(sql, e.table, e.getMessage());
        } catch (RuntimeException e) {
            return new Untranslatable(sql, migrated.iterator().next(), "Shift could not plan it (" + e + ")");
        }
    }

    private static boolean isSchemaStatement(Statement st) {
        return st instanceof net.sf.jsqlparser.statement.create.table.CreateTable
                || st instanceof net.sf.jsqlparser.statement.create.view.CreateView
                || st instanceof net.sf.jsqlparser.statement.create.view.AlterView
                || st instanceof net.sf.jsqlparser.statement.create.index.CreateIndex
                || st instanceof net.sf.jsqlparser.statement.alter.Alter
                || st instanceof net.sf.jsqlparser.statement.drop.Drop;
    }

    /** False for a name qualified with a database other than the mapping's (when the mapping names one). */
    private boolean inMappedDatabase(String name) {
        String n = name.replace("`", "").replace("\"", "");
        int dot = n.lastIndexOf('.');
        return dot < 0 || mapping.database() == null || n.substring(0, dot).equalsIgnoreCase(mapping.database());
    }

    /** Strips backticks/quotes and a schema prefix; lower case. */
    static String normalise(String name) {
        String n = name.replace("`", "").replace("\"", "");
        int dot = n.lastIndexOf('.');
        if (dot >= 0) {
            n = n.substring(dot + 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private StatementPlan lexical(String sql, String reason) {
        java.util.regex.Matcher m = migratedWord.matcher(sql);
        if (m.find()) {
            TableMapping t = mapping.table(m.group(1));
            return new Untranslatable(sql, t.name(), reason);
        }
        return new NotMigrated(sql);
    }

    private static boolean hasSecondStatement(String sql) {
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                return !sql.substring(i + 1).isBlank();
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
