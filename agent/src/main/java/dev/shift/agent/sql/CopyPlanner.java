package dev.shift.agent.sql;

import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Builds the {@link CopyPlan} of a write Shift cannot translate: which rows it touches and how to find them.
 * Cached per SQL string; never throws (what it cannot work out becomes {@link CopyPlan.Unknown} with the reason).
 */
public final class CopyPlanner {

    /** Statement classes of the parser, besides INSERT/UPDATE/DELETE, that change rows. */
    private static final java.util.Set<String> CHANGES_ROWS = java.util.Set.of("Truncate", "Drop", "Merge", "Upsert",
            "Replace", "RefreshMaterializedViewStatement");

    private final Mapping mapping;
    private final ConcurrentHashMap<String, CopyPlan> cache = new ConcurrentHashMap<>();

    public CopyPlanner(Mapping mapping) {
        this.mapping = mapping;
    }

    public CopyPlan plan(String sql) {
        CopyPlan p = cache.get(sql);
        if (p == null) {
            if (cache.size() >= SqlPlanner.DEFAULT_MAX_ENTRIES) {
                cache.clear();
            }
            p = cache.computeIfAbsent(sql, this::planUncached);
        }
        return p;
    }

    CopyPlan planUncached(String sql) {
        Statement st;
        try {
            st = CCJSqlParserUtil.newParser(sql).Statement();
        } catch (Throwable e) {   // ParseException, TokenMgrException (an Error)
            return new CopyPlan.Unknown("the SQL parser cannot read it");
        }
        try {
            CopyPlan plan;
            if (st instanceof Update u) {
                plan = update(u);
            } else if (st instanceof Delete d) {
                plan = delete(d);
            } else if (st instanceof Insert i) {
                plan = insert(i);
            } else if (CHANGES_ROWS.contains(st.getClass().getSimpleName())) {
                plan = new CopyPlan.Unknown(st.getClass().getSimpleName().toUpperCase(Locale.ROOT) + " is not followed");
            } else {
                plan = new CopyPlan.Nothing();   // DDL, SET, LOCK …: no row of a migrated table changes
            }
            if (plan instanceof CopyPlan.Matched m
                    && m.selectParams().size() + setParameters(st) != parameterCount(sql)) {
                return new CopyPlan.Unknown("its parameters could not all be placed");
            }
            return plan;
        } catch (Cannot c) {
            return new CopyPlan.Unknown(c.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- statements

    private CopyPlan update(Update u) {
        if (u.getFromItem() != null || (u.getJoins() != null && !u.getJoins().isEmpty())) {
            throw new Cannot("UPDATE … FROM is not supported");
        }
        Target target = target(u.getTable());
        if (target == null) {
            return assignsOnlyUnmigratedTables(u) ? new CopyPlan.Nothing() : unknownTarget();
        }
        Map<String, ValueSource> moves = new LinkedHashMap<>();
        for (UpdateSet set : u.getUpdateSets()) {
            for (int i = 0; i < set.getColumns().size(); i++) {
                Column c = set.getColumns().get(i);
                if (!target.owns(c)) {
                    if (otherMigratedTable(u.getStartJoins(), c)) {
                        throw new Cannot("it assigns columns of two migrated tables");
                    }
                    continue;
                }
                String column = PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT);
                int k = target.selectColumns.indexOf(column);
                if (k < 0) {
                    continue;
                }
                ValueSource v = PlanBuilder.simpleValue(valueAt(set.getValues(), i));
                if (v == null) {
                    throw new Cannot("it sets key column " + column + " to an expression");
                }
                moves.put(target.scopeColumns.get(k), v);
            }
        }
        return target.matched(u.getStartJoins(), u.getWhere(), u.getOrderByElements(), u.getLimit(), moves);
    }

    private CopyPlan delete(Delete d) {
        if (d.getUsingList() != null && !d.getUsingList().isEmpty()) {
            throw new Cannot("DELETE … USING is not supported");
        }
        List<Table> named = d.getTables();
        if (named != null && named.size() > 1) {
            throw new Cannot("it deletes from several tables");
        }
        if (named != null && named.size() == 1 && !names(d.getTable(), named.get(0))) {
            throw new Cannot("it deletes from a joined table");
        }
        Target target = target(d.getTable());
        if (target == null) {
            return unknownTarget();
        }
        return target.matched(d.getJoins(), d.getWhere(), d.getOrderByElements(), d.getLimit(), Map.of());
    }

    private CopyPlan insert(Insert ins) {
        if (!(ins.getSelect() instanceof Values values)) {
            throw new Cannot("INSERT … SELECT is not supported");
        }
        if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
            throw new Cannot("an INSERT without a column list is not supported");
        }
        Target target = target(ins.getTable());
        if (target == null) {
            return unknownTarget();
        }
        List<String> columns = new ArrayList<>();
        for (Column c : ins.getColumns()) {
            columns.add(PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
        }
        if (ins.getDuplicateUpdateSets() != null) {
            for (UpdateSet set : ins.getDuplicateUpdateSets()) {
                for (Column c : set.getColumns()) {
                    if (target.selectColumns.contains(PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT))) {
                        throw new Cannot("its ON DUPLICATE KEY UPDATE assigns key column " + c.getColumnName());
                    }
                }
            }
        }
        List<List<Expression>> rows = rows(values.getExpressions());
        String generated = target.generatedColumn(columns);
        if (generated != null) {
            if (ins.getDuplicateUpdateSets() != null) {
                throw new Cannot("an upsert whose id MySQL generates is not supported");
            }
            return new CopyPlan.Generated(target.scopeTable, target.scopeColumns, rows.size(),
                    "SELECT " + String.join(", ", target.selectColumns) + " FROM " + ins.getTable().getFullyQualifiedName()
                            + " WHERE " + generated + " IN ");
        }
        List<Map<String, ValueSource>> named = new ArrayList<>();
        for (List<Expression> row : rows) {
            if (row.size() != columns.size()) {
                throw new Cannot("a VALUES row does not match the column list");
            }
            Map<String, ValueSource> scope = new LinkedHashMap<>();
            for (int k = 0; k < target.selectColumns.size(); k++) {
                String column = target.selectColumns.get(k);
                int at = columns.indexOf(column);
                ValueSource v = at < 0 ? null : PlanBuilder.simpleValue(row.get(at));
                if (v == null) {
                    throw new Cannot("key column " + column + " is not given as a value");
                }
                scope.put(target.scopeColumns.get(k), v);
            }
            named.add(scope);
        }
        return new CopyPlan.Named(target.scopeTable, target.scopeColumns, named);
    }

    // ------------------------------------------------------------------------------------------- targets

    /** The migrated table a statement writes, and the columns that name each of its rows' scope. */
    private final class Target {
        final Table table;
        final TableMapping mapping;
        final TableMapping scopeTable;
        final List<String> selectColumns = new ArrayList<>();   // on the written table
        final List<String> scopeColumns = new ArrayList<>();    // on the scope table, same order

        Target(Table table, TableMapping mapping) {
            this.table = table;
            this.mapping = mapping;
            Embedding e = mapping.embedding().orElse(null);
            if (e != null) {
                this.scopeTable = CopyPlanner.this.mapping.table(e.parentTable());
                e.parentColumns().forEach((child, parent) -> {
                    selectColumns.add(child.toLowerCase(Locale.ROOT));
                    scopeColumns.add(parent);
                });
            } else {
                this.scopeTable = mapping;
                List<String> keys = new ArrayList<>(mapping.partitionKey().columns());
                if (mapping.sortKey() != null) {
                    mapping.sortKey().columns().stream().filter(c -> !keys.contains(c)).forEach(keys::add);
                }
                keys.forEach(c -> {
                    selectColumns.add(c.toLowerCase(Locale.ROOT));
                    scopeColumns.add(c);
                });
            }
        }

        String qualifier() {
            return table.getAlias() != null ? table.getAlias().getName() : table.getFullyQualifiedName();
        }

        boolean owns(Column c) {
            Table t = c.getTable();
            return t == null || t.getName() == null || names(table, t);
        }

        /** The auto-increment column, when it names the item and the INSERT leaves it to MySQL; else null. */
        String generatedColumn(List<String> insertColumns) {
            String auto = mapping.autoIncrement().map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
            return auto != null && selectColumns.contains(auto) && !insertColumns.contains(auto) ? auto : null;
        }

        CopyPlan.Matched matched(List<Join> joins, Expression where, List<OrderByElement> orderBy, Limit limit,
                Map<String, ValueSource> moves) {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < selectColumns.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(qualifier()).append('.').append(selectColumns.get(i));
            }
            List<Integer> params = new ArrayList<>();
            sql.append(" FROM ").append(table);
            if (joins != null) {
                for (Join j : joins) {
                    sql.append(' ').append(j);
                    j.getOnExpressions().forEach(on -> collect(on, params));
                }
            }
            if (where != null) {
                sql.append(" WHERE ").append(where);
                collect(where, params);
            }
            if (orderBy != null && !orderBy.isEmpty()) {
                sql.append(" ORDER BY ");
                for (int i = 0; i < orderBy.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(orderBy.get(i));
                    collect(orderBy.get(i).getExpression(), params);
                }
            }
            if (limit != null) {
                sql.append(' ').append(limit.toString().trim());
                if (limit.getOffset() != null) {
                    collect(limit.getOffset(), params);
                }
                if (limit.getRowCount() != null) {
                    collect(limit.getRowCount(), params);
                }
            }
            sql.append(" FOR UPDATE");
            return new CopyPlan.Matched(scopeTable, List.copyOf(scopeColumns), sql.toString(), List.copyOf(params),
                    Map.copyOf(moves));
        }
    }

    /** The written table when it is migrated, else null. */
    private Target target(Table table) {
        TableMapping t = mapping.table(PlanBuilder.unquote(table.getName()));
        return t == null ? null : new Target(table, t);
    }

    /** A multi-table UPDATE written to a table that is not migrated: whether no assigned column is a migrated one's. */
    private boolean assignsOnlyUnmigratedTables(Update u) {
        for (UpdateSet set : u.getUpdateSets()) {
            for (Column c : set.getColumns()) {
                Table t = c.getTable();
                boolean qualified = t != null && t.getName() != null;
                if (!qualified && u.getStartJoins() != null && !u.getStartJoins().isEmpty()
                        || otherMigratedTable(u.getStartJoins(), c)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether column {@code c} is qualified by a joined table that is migrated. */
    private boolean otherMigratedTable(List<Join> joins, Column c) {
        if (joins == null || c.getTable() == null || c.getTable().getName() == null) {
            return false;
        }
        for (Join j : joins) {
            if (j.getRightItem() instanceof Table t && names(t, c.getTable())) {
                return mapping.table(PlanBuilder.unquote(t.getName())) != null;
            }
        }
        return false;
    }

    private static CopyPlan unknownTarget() {
        return new CopyPlan.Unknown("the table it writes is not one Shift can name rows of");
    }

    /** Whether {@code ref} (a column's qualifier or a DELETE's target) refers to {@code table} by alias or name. */
    private static boolean names(Table table, Table ref) {
        String r = PlanBuilder.unquote(ref.getName());
        if (table.getAlias() != null) {
            return r.equalsIgnoreCase(PlanBuilder.unquote(table.getAlias().getName()));
        }
        return r.equalsIgnoreCase(PlanBuilder.unquote(table.getName()));
    }

    // ------------------------------------------------------------------------------------------- parameters

    private static void collect(Expression e, List<Integer> params) {
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(JdbcParameter p, S context) {
                params.add(p.getIndex() - 1);
                return null;
            }
        }, null);
    }

    private static int setParameters(Statement st) {
        List<Integer> params = new ArrayList<>();
        if (st instanceof Update u) {
            for (UpdateSet set : u.getUpdateSets()) {
                collect(set.getValues(), params);
            }
        }
        return params.size();
    }

    private static Expression valueAt(ExpressionList<?> values, int i) {
        return i < values.size() ? values.get(i) : null;
    }

    private static List<List<Expression>> rows(ExpressionList<?> values) {
        List<List<Expression>> rows = new ArrayList<>();
        boolean multi = !values.isEmpty() && values.stream().allMatch(v -> v instanceof ExpressionList<?>);
        if (multi) {
            for (Expression row : values) {
                rows.add(new ArrayList<>((ExpressionList<?>) row));
            }
        } else {
            rows.add(new ArrayList<>(values));
        }
        return rows;
    }

    /** '?' placeholders outside quotes and comments: what the application binds. */
    static int parameterCount(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                for (i++; i < sql.length() && sql.charAt(i) != c; i++) {
                    if (sql.charAt(i) == '\\') {
                        i++;
                    }
                }
            } else if (c == '-' && sql.startsWith("--", i) || c == '#') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }

    /** Thrown while planning: the rows cannot be determined, for this reason. */
    private static final class Cannot extends RuntimeException {
        Cannot(String reason) {
            super(reason, null, false, false);
        }
    }
}
