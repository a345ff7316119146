package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** Turns one parsed statement on a migrated table into a plan, or throws {@link PlanException} with a reason. */
final class PlanBuilder {
    private final Mapping mapping;
    private final String sql;
    private final Statement statement;
    private String tableForErrors;

    PlanBuilder(Mapping mapping, String sql, Statement statement, Set<String> migrated) {
        this.mapping = mapping;
        this.sql = sql;
        this.statement = statement;
        this.tableForErrors = migrated.iterator().next();
    }

    StatementPlan build() {
        if (statement instanceof Select s) {
            return select(s);
        }
        if (statement instanceof Insert i) {
            return insert(i);
        }
        if (statement instanceof Update u) {
            return update(u);
        }
        if (statement instanceof Delete d) {
            return delete(d);
        }
        String kind = statement.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        throw fail(kind + " statements are not supported on migrated tables");
    }

    private PlanException fail(String reason) {
        return new PlanException(tableForErrors, reason);
    }

    // ================================================================== scope: which table a column belongs to

    private final class Scope {
        final TableMapping table;
        final String tableName;     // as written (normalised)
        final String alias;         // may be null
        final List<String> columnNames;
        String otherSql;            // as written, e.g. products or shop.products
        String otherName;           // normalised
        String otherAlias;
        final List<String> rightColumns = new ArrayList<>();

        Scope(TableMapping table, Table t) {
            this.table = table;
            this.tableName = SqlPlanner.normalise(t.getName());
            this.alias = t.getAlias() == null ? null : unquote(t.getAlias().getName()).toLowerCase(Locale.ROOT);
            this.columnNames = new ArrayList<>(table.columns().keySet());
        }

        String label() {
            return alias != null ? alias : tableName;
        }

        String otherQualifier() {
            return otherAlias != null ? otherAlias : otherName;
        }

        /** Slot of a column: migrated columns first (mapping order), then right-side columns. */
        int slot(Column c) {
            String name = unquote(c.getColumnName()).toLowerCase(Locale.ROOT);
            String q = c.getTable() == null || c.getTable().getName() == null ? null : SqlPlanner.normalise(c.getTable().getName());
            boolean left;
            if (q != null) {
                if (q.equals(alias) || q.equals(tableName)) {
                    left = true;
                } else if (otherName != null && (q.equals(otherAlias) || q.equals(otherName))) {
                    left = false;
                } else {
                    throw fail("unknown table or alias '" + q + "' in " + c);
                }
            } else {
                left = table.columns().containsKey(name) || otherName == null;
            }
            if (left) {
                int i = columnNames.indexOf(name);
                if (i < 0) {
                    throw fail("column " + name + " of " + table.name() + " is not in the mapping");
                }
                return i;
            }
            for (int i = 0; i < rightColumns.size(); i++) {
                if (rightColumns.get(i).equalsIgnoreCase(name)) {
                    return columnNames.size() + i;
                }
            }
            rightColumns.add(unquote(c.getColumnName()));
            return columnNames.size() + rightColumns.size() - 1;
        }

        boolean isLeft(int slot) {
            return slot < columnNames.size();
        }

        ColumnMapping column(int slot) {
            return table.column(columnNames.get(slot));
        }
    }

    private record Eq(int slot, ValueSource value) {
    }

    // ================================================================== SELECT

    private StatementPlan select(Select s) {
        if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            throw fail("WITH (common table expressions) is not supported");
        }
        if (s instanceof SetOperationList) {
            throw fail("UNION / INTERSECT / EXCEPT is not supported");
        }
        if (!(s instanceof PlainSelect ps)) {
            throw fail("this form of SELECT (" + s.getClass().getSimpleName() + ") is not supported");
        }
        if (s.getForMode() != null || s.getForUpdateTable() != null) {
            throw fail("SELECT … FOR UPDATE / FOR SHARE (row locks) is not supported on DynamoDB");
        }
        if (ps.getDistinct() != null) {
            throw fail("SELECT DISTINCT is not supported");
        }
        if (ps.getGroupBy() != null) {
            throw fail("GROUP BY is not supported");
        }
        if (ps.getHaving() != null) {
            throw fail("HAVING is not supported");
        }
        if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
            throw fail("SELECT … INTO is not supported");
        }
        if (s.getFetch() != null) {
            throw fail("FETCH FIRST is not supported (use LIMIT)");
        }
        FromItem from = ps.getFromItem();
        if (from == null) {
            throw fail("SELECT without FROM is not supported");
        }
        if (!(from instanceof Table fromTable)) {
            throw fail(from instanceof ParenthesedSelect ? "a subquery in FROM is not supported" : "FROM " + from + " is not supported");
        }
        List<Join> joins = ps.getJoins() == null ? List.of() : ps.getJoins();
        if (joins.size() > 1) {
            throw fail("a JOIN of more than two tables is not supported");
        }
        Table migratedTable = fromTable;
        Table otherTable = null;
        Join join = joins.isEmpty() ? null : joins.get(0);
        if (join != null) {
            if (!(join.getFromItem() instanceof Table right)) {
                throw fail("a JOIN with a subquery is not supported");
            }
            boolean leftMigrated = mapping.table(SqlPlanner.normalise(fromTable.getName())) != null;
            boolean rightMigrated = mapping.table(SqlPlanner.normalise(right.getName())) != null;
            if (leftMigrated && rightMigrated) {
                throw fail("a JOIN of two migrated tables is not supported");
            }
            if (join.isSimple()) {
                throw fail("a comma join (FROM a, b) is not supported; use JOIN … ON");
            }
            if (join.isRight() || join.isFull() || join.isCross() || join.isNatural() || join.isSemi() || join.isApply()) {
                throw fail("only INNER JOIN and LEFT JOIN are supported");
            }
            if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
                throw fail("JOIN … USING is not supported; use ON a = b");
            }
            if (join.isLeft() && !leftMigrated) {
                throw fail("LEFT JOIN is supported only with the migrated table on the left");
            }
            if (leftMigrated) {
                otherTable = right;
            } else {
                migratedTable = right;
                otherTable = fromTable;
            }
        }
        TableMapping tm = mapping.table(SqlPlanner.normalise(migratedTable.getName()));
        if (tm == null) {
            throw fail("no migrated table in FROM");
        }
        tableForErrors = tm.name();
        Scope scope = new Scope(tm, migratedTable);
        if (otherTable != null) {
            scope.otherSql = otherTable.getFullyQualifiedName();
            scope.otherName = SqlPlanner.normalise(otherTable.getName());
            scope.otherAlias = otherTable.getAlias() == null ? null : unquote(otherTable.getAlias().getName()).toLowerCase(Locale.ROOT);
        }
        // ON
        int joinLeftSlot = -1;
        int joinRightSlot = -1;
        if (join != null) {
            Collection<Expression> ons = join.getOnExpressions();
            if (ons == null || ons.size() != 1) {
                throw fail("a JOIN needs exactly one ON condition");
            }
            Expression on = unwrap(ons.iterator().next());
            if (!(on instanceof EqualsTo eq) || !(unwrap(eq.getLeftExpression()) instanceof Column a)
                    || !(unwrap(eq.getRightExpression()) instanceof Column b)) {
                throw fail("the JOIN's ON must be one equality between a column of each table (" + on + ")");
            }
            int sa = scope.slot(a);
            int sb = scope.slot(b);
            if (scope.isLeft(sa) == scope.isLeft(sb)) {
                throw fail("the JOIN's ON must compare a column of each table (" + on + ")");
            }
            joinLeftSlot = scope.isLeft(sa) ? sa : sb;
            joinRightSlot = scope.isLeft(sa) ? sb : sa;
        }
        // SELECT list
        List<ReadPlan.Output> outputs = new ArrayList<>();
        for (SelectItem<?> si : ps.getSelectItems()) {
            Expression ex = si.getExpression();
            String alias = si.getAlias() == null ? null : unquote(si.getAlias().getName());
            if (ex instanceof AllTableColumns atc) {
                String q = SqlPlanner.normalise(atc.getTable().getName());
                if (!q.equals(scope.alias) && !q.equals(scope.tableName)) {
                    throw fail(q + ".* of the non-migrated table is not supported; name its columns");
                }
                addAll(outputs, scope);
            } else if (ex instanceof AllColumns) {
                if (join != null) {
                    throw fail("SELECT * with a JOIN is not supported; name the columns");
                }
                addAll(outputs, scope);
            } else if (ex instanceof Column c) {
                int slot = scope.slot(c);
                String label = alias != null ? alias : unquote(c.getColumnName());
                if (scope.isLeft(slot)) {
                    ColumnMapping cm = scope.column(slot);
                    outputs.add(new ReadPlan.Output(label, cm.column(), null, slot, cm));
                } else {
                    outputs.add(new ReadPlan.Output(label, unquote(c.getColumnName()), null, slot, null));
                }
            } else if (ex instanceof Function f) {
                outputs.add(aggregate(f, alias, scope));
            } else {
                throw fail("expression '" + ex + "' in the SELECT list is not supported");
            }
        }
        boolean aggregate = outputs.stream().anyMatch(o -> o.agg() != null);
        if (aggregate && outputs.stream().anyMatch(o -> o.agg() == null)) {
            throw fail("mixing aggregates and plain columns without GROUP BY is not supported");
        }
        // WHERE
        List<Eq> eqs = new ArrayList<>();
        conjuncts(ps.getWhere(), scope, eqs);
        List<ReadPlan.Filter> filters = new ArrayList<>();
        for (Eq e : eqs) {
            if (!scope.isLeft(e.slot())) {
                throw fail("a WHERE condition on the joined table " + scope.otherName + " (it stays in MySQL) is not supported");
            }
            filters.add(new ReadPlan.Filter(e.slot(), scope.column(e.slot()), e.value()));
        }
        Access access = access(tm, filters);
        // ORDER BY
        List<ReadPlan.Sort> sorts = new ArrayList<>();
        if (s.getOrderByElements() != null) {
            for (OrderByElement ob : s.getOrderByElements()) {
                if (ob.getNullOrdering() != null) {
                    throw fail("NULLS FIRST/LAST is not supported");
                }
                sorts.add(new ReadPlan.Sort(orderSlot(unwrap(ob.getExpression()), outputs, scope), ob.isAsc()));
            }
        }
        if (sorts.isEmpty() && !aggregate && !tm.isEmbedded() && access.kind != Access.Kind.GET) {
            // No ORDER BY: return rows in key order, as MySQL's clustered primary key usually does, rather than in
            // the sort key's text order (CART#13 before CART#7).
            for (String c : tm.sortKey().columns()) {
                sorts.add(new ReadPlan.Sort(scope.columnNames.indexOf(c), true));
            }
        }
        // LIMIT / OFFSET
        ValueSource limit = null;
        ValueSource offset = null;
        Limit l = s.getLimit();
        if (l != null) {
            if (l.isLimitAll() || l.isLimitNull() || l.getRowCount() == null) {
                throw fail("LIMIT ALL / LIMIT NULL is not supported");
            }
            limit = value(l.getRowCount(), "LIMIT");
            if (l.getOffset() != null) {
                offset = value(l.getOffset(), "LIMIT offset");
            }
        }
        if (s.getOffset() != null) {
            if (limit == null) {
                throw fail("OFFSET without LIMIT is not supported");
            }
            offset = value(s.getOffset().getOffset(), "OFFSET");
        }
        ReadPlan.Join joinSpec = null;
        if (join != null) {
            joinSpec = new ReadPlan.Join(scope.otherSql, scope.otherQualifier(), joinLeftSlot,
                    List.copyOf(scope.rightColumns), joinRightSlot - scope.columnNames.size(), join.isLeft());
        }
        // push ORDER BY / LIMIT down to the Query when the sort key already orders that way
        boolean forward = true;
        boolean pushLimit = false;
        if (access.kind == Access.Kind.PARTITION && !tm.isEmbedded() && !sorts.isEmpty() && !aggregate) {
            ReadPlan.Sort first = sorts.get(0);
            String firstCol = access.firstUnboundSortColumn();
            if (scope.isLeft(first.slot()) && scope.columnNames.get(first.slot()).equals(firstCol)
                    && tm.column(firstCol).type().sortsAsText()) {
                forward = first.asc();
                boolean onlyPartitionFilters = filters.stream()
                        .allMatch(f -> tm.partitionKey().columns().contains(f.column().column()));
                pushLimit = limit != null && sorts.size() == 1 && onlyPartitionFilters
                        && (joinSpec == null || joinSpec.outer());
            }
        }
        return new ReadPlan(sql, mapping, tm, scope.label(), access, filters, joinSpec, outputs, aggregate, sorts,
                limit, offset, forward, pushLimit);
    }

    private void addAll(List<ReadPlan.Output> outputs, Scope scope) {
        for (int i = 0; i < scope.columnNames.size(); i++) {
            ColumnMapping cm = scope.column(i);
            outputs.add(new ReadPlan.Output(cm.column(), cm.column(), null, i, cm));
        }
    }

    private ReadPlan.Output aggregate(Function f, String alias, Scope scope) {
        String name = f.getName() == null ? "" : f.getName().toUpperCase(Locale.ROOT);
        String label = alias != null ? alias : f.toString();
        if (f.isDistinct() || f.isUnique()) {
            throw fail(name + "(DISTINCT …) is not supported");
        }
        ExpressionList<?> args = f.getParameters();
        boolean star = f.isAllColumns() || (args != null && args.size() == 1 && args.get(0) instanceof AllColumns);
        switch (name) {
            case "COUNT":
                if (star) {
                    return new ReadPlan.Output(label, label, ReadPlan.Agg.COUNT_ALL, -1, null);
                }
                return new ReadPlan.Output(label, label, ReadPlan.Agg.COUNT, argSlot(name, args, scope), null);
            case "SUM":
            case "MIN":
            case "MAX": {
                int slot = argSlot(name, args, scope);
                ColumnMapping cm = scope.isLeft(slot) ? scope.column(slot) : null;
                if ("SUM".equals(name) && cm != null && !cm.type().isNumeric()) {
                    throw fail("SUM of non-numeric column " + cm.column() + " is not supported");
                }
                return new ReadPlan.Output(label, label, ReadPlan.Agg.valueOf(name), slot, cm);
            }
            default:
                throw fail("function " + name + "() in the SELECT list is not supported");
        }
    }

    private int argSlot(String fn, ExpressionList<?> args, Scope scope) {
        if (args == null || args.size() != 1 || !(unwrap(args.get(0)) instanceof Column c)) {
            throw fail(fn + "() of an expression is not supported; only " + fn + "(column)");
        }
        return scope.slot(c);
    }

    private int orderSlot(Expression e, List<ReadPlan.Output> outputs, Scope scope) {
        if (e instanceof LongValue lv) {
            int pos = (int) lv.getValue();
            if (pos < 1 || pos > outputs.size() || outputs.get(pos - 1).agg() != null) {
                throw fail("ORDER BY position " + pos + " is not a plain column of the SELECT list");
            }
            return outputs.get(pos - 1).slot();
        }
        if (!(e instanceof Column c)) {
            throw fail("ORDER BY an expression (" + e + ") is not supported");
        }
        if (c.getTable() == null || c.getTable().getName() == null) {
            String n = unquote(c.getColumnName());
            for (ReadPlan.Output o : outputs) {
                if (o.agg() == null && o.label().equalsIgnoreCase(n)) {
                    return o.slot();
                }
            }
        }
        return scope.slot(c);
    }

    private Access access(TableMapping tm, List<ReadPlan.Filter> filters) {
        if (!tm.isEmbedded()) {
            Map<String, ValueSource> bound = new LinkedHashMap<>();
            for (ReadPlan.Filter f : filters) {
                bound.putIfAbsent(f.column().column(), f.value());
            }
            return Access.choose(mapping, tm, bound, tm.name());
        }
        Embedding emb = tm.embedding().get();
        TableMapping parent = mapping.table(emb.parentTable());
        Map<String, ValueSource> bound = new LinkedHashMap<>();
        for (ReadPlan.Filter f : filters) {
            String pc = emb.parentColumns().get(f.column().column());
            if (pc != null) {
                bound.putIfAbsent(pc, f.value());
            }
        }
        try {
            return Access.choose(mapping, parent, bound, tm.name());
        } catch (PlanException e) {
            throw fail("WHERE on " + tm.name() + " (embedded in " + parent.name() + ") must bind "
                    + String.join(", ", emb.parentColumns().keySet()) + " by equality");
        }
    }

    // ================================================================== WHERE

    private void conjuncts(Expression e, Scope scope, List<Eq> out) {
        if (e == null) {
            return;
        }
        e = unwrap(e);
        if (e instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), scope, out);
            conjuncts(and.getRightExpression(), scope, out);
            return;
        }
        if (e instanceof EqualsTo eq) {
            Expression l = unwrap(eq.getLeftExpression());
            Expression r = unwrap(eq.getRightExpression());
            if (l instanceof Column && r instanceof Column) {
                throw fail("comparing two columns in WHERE (" + e + ") is not supported");
            }
            if (l instanceof Column c) {
                out.add(new Eq(scope.slot(c), value(r, "WHERE")));
                return;
            }
            if (r instanceof Column c) {
                out.add(new Eq(scope.slot(c), value(l, "WHERE")));
                return;
            }
            throw fail("condition '" + e + "' in WHERE is not supported");
        }
        throw fail(describeCondition(e) + " in WHERE on " + scope.table.name() + " is not supported");
    }

    private static String describeCondition(Expression e) {
        if (e instanceof OrExpression || e instanceof XorExpression) {
            return "OR";
        }
        if (e instanceof InExpression in) {
            return in.getRightExpression() instanceof Select ? "a subquery (IN (SELECT …))" : "IN (…)";
        }
        if (e instanceof Between) {
            return "BETWEEN";
        }
        if (e instanceof GreaterThan || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals) {
            return "a range condition (" + e + ")";
        }
        if (e instanceof NotEqualsTo) {
            return "<> / !=";
        }
        if (e instanceof LikeExpression) {
            return "LIKE";
        }
        if (e instanceof IsNullExpression) {
            return "IS [NOT] NULL";
        }
        if (e instanceof ExistsExpression || e instanceof ParenthesedSelect) {
            return "a subquery";
        }
        if (e instanceof Function f) {
            return "function " + f.getName() + "()";
        }
        return "condition '" + e + "'";
    }

    private ValueSource value(Expression e, String where) {
        e = unwrap(e);
        if (e instanceof JdbcParameter p && p.getIndex() == null) {
            throw fail("a parameter without index in " + where);
        }
        ValueSource simple = simpleValue(e);
        if (simple != null) {
            return simple;
        }
        if (e instanceof Function f) {
            throw fail("function " + f.getName() + "() in " + where + " is not supported (Shift stores values, it cannot evaluate SQL functions)");
        }
        if (e instanceof ParenthesedSelect || e instanceof Select) {
            throw fail("a subquery in " + where + " is not supported");
        }
        if (e instanceof Column c) {
            throw fail("column " + c + " used as a value in " + where + " is not supported");
        }
        throw fail("expression '" + e + "' in " + where + " is not supported");
    }

    private static Expression unwrap(Expression e) {
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        return e;
    }

    /** A JDBC parameter or a literal (number, string, NULL, negative number); null for anything else. */
    static ValueSource simpleValue(Expression e) {
        if (e == null) {
            return null;
        }
        e = unwrap(e);
        if (e instanceof JdbcParameter p) {
            return p.getIndex() == null ? null : new ValueSource.Param(p.getIndex() - 1);
        }
        if (e instanceof LongValue lv) {
            return new ValueSource.Literal(new BigDecimal(lv.getStringValue()));
        }
        if (e instanceof DoubleValue) {
            return new ValueSource.Literal(new BigDecimal(e.toString()));
        }
        if (e instanceof StringValue sv) {
            return new ValueSource.Literal(sv.getValue().replace("''", "'").replace("\\'", "'"));
        }
        if (e instanceof NullValue) {
            return new ValueSource.Literal(null);
        }
        if (e instanceof SignedExpression se && se.getSign() == '-'
                && simpleValue(se.getExpression()) instanceof ValueSource.Literal lit && lit.value() instanceof BigDecimal d) {
            return new ValueSource.Literal(d.negate());
        }
        return null;
    }

    static String unquote(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() >= 2 && (s.charAt(0) == '`' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    // ================================================================== INSERT

    private StatementPlan insert(Insert ins) {
        TableMapping tm = target(ins.getTable());
        if (ins.getWithItemsList() != null && !ins.getWithItemsList().isEmpty()) {
            throw fail("WITH … INSERT is not supported");
        }
        if (ins.isModifierIgnore()) {
            throw fail("INSERT IGNORE is not supported");
        }
        if (ins.isUseSet()) {
            throw fail("INSERT … SET is not supported; use INSERT … (columns) VALUES (…)");
        }
        if (ins.getConflictAction() != null || ins.getReturningClause() != null) {
            throw fail("ON CONFLICT / RETURNING is not supported");
        }
        if (!(ins.getSelect() instanceof net.sf.jsqlparser.statement.select.Values insertValues)) {
            throw fail("INSERT … SELECT is not supported");
        }
        if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
            throw fail("INSERT without a column list is not supported");
        }
        ExpressionList<?> exprs = insertValues.getExpressions();
        List<Expression> row = new ArrayList<>();
        for (Object o : exprs) {
            Expression x = (Expression) o;
            if (x instanceof ExpressionList<?> && !(exprs.size() == 1)) {
                throw fail("a multi-row INSERT is not supported");
            }
            row.add(x);
        }
        if (row.size() == 1 && row.get(0) instanceof ExpressionList<?> single && ins.getColumns().size() > 1) {
            row.clear();
            for (Object o : single) {
                row.add((Expression) o);
            }
        }
        if (row.size() != ins.getColumns().size()) {
            throw fail("INSERT has " + ins.getColumns().size() + " columns but " + row.size() + " values");
        }
        List<String> columns = new ArrayList<>();
        List<ValueSource> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            String col = unquote(ins.getColumns().get(i).getColumnName()).toLowerCase(Locale.ROOT);
            if (tm.column(col) == null) {
                throw fail("column " + col + " of " + tm.name() + " is not in the mapping");
            }
            if (columns.contains(col)) {
                throw fail("column " + col + " is given twice");
            }
            columns.add(col);
            values.add(value(row.get(i), "VALUES"));
        }
        List<UpdateSet> dup = ins.getDuplicateUpdateSets();
        if (tm.isEmbedded()) {
            if (dup != null && !dup.isEmpty()) {
                throw fail("ON DUPLICATE KEY UPDATE on rows embedded in " + tm.embedding().get().parentTable() + " is not supported");
            }
            return childInsert(tm, columns, values);
        }
        List<InsertPlan.DupSet> dupSets = null;
        if (dup != null && !dup.isEmpty()) {
            dupSets = new ArrayList<>();
            for (UpdateSet us : dup) {
                if (us.getColumns().size() != 1 || us.getValues().size() != 1) {
                    throw fail("ON DUPLICATE KEY UPDATE (a, b) = (…) is not supported");
                }
                String col = unquote(us.getColumn(0).getColumnName()).toLowerCase(Locale.ROOT);
                if (tm.column(col) == null) {
                    throw fail("column " + col + " of " + tm.name() + " is not in the mapping");
                }
                if (tm.isKeyColumn(col)) {
                    throw fail("ON DUPLICATE KEY UPDATE of key column " + col + " is not supported");
                }
                Expression v = unwrap(us.getValue(0));
                if ((v instanceof Addition || v instanceof Subtraction)
                        && unwrap(((net.sf.jsqlparser.expression.BinaryExpression) v).getLeftExpression()) instanceof Column self
                        && unquote(self.getColumnName()).equalsIgnoreCase(col)) {
                    if (!tm.column(col).type().isNumeric()) {
                        throw fail(col + " = " + col + " + … on a non-numeric column is not supported");
                    }
                    ValueSource inc = value(((net.sf.jsqlparser.expression.BinaryExpression) v).getRightExpression(), "ON DUPLICATE KEY UPDATE");
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.ADD, inc, v instanceof Subtraction));
                } else if (v instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                        && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column vc
                        && unquote(vc.getColumnName()).equalsIgnoreCase(col)) {
                    if (!columns.contains(col)) {
                        throw fail("VALUES(" + col + ") of a column that is not inserted");
                    }
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.VALUES, null, false));
                } else {
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.SET, value(v, "ON DUPLICATE KEY UPDATE"), false));
                }
            }
        }
        return new InsertPlan(sql, mapping, tm, columns, values, dupSets);
    }

    private StatementPlan childInsert(TableMapping child, List<String> columns, List<ValueSource> values) {
        Embedding emb = child.embedding().get();
        TableMapping parent = mapping.table(emb.parentTable());
        Map<String, ValueSource> bound = new LinkedHashMap<>();
        List<ReadPlan.Filter> parentFilters = new ArrayList<>();
        for (Map.Entry<String, String> e : emb.parentColumns().entrySet()) {
            int i = columns.indexOf(e.getKey());
            if (i < 0) {
                throw fail("an INSERT into " + child.name() + " must give " + e.getKey() + " (it locates the " + parent.name() + " item)");
            }
            bound.put(e.getValue(), values.get(i));
            parentFilters.add(new ReadPlan.Filter(-1, parent.column(e.getValue()), values.get(i)));
        }
        Access access;
        try {
            access = Access.choose(mapping, parent, bound, child.name());
        } catch (PlanException ex) {
            throw fail("the " + parent.name() + " item of a " + child.name() + " row cannot be found from "
                    + String.join(", ", emb.parentColumns().keySet()) + ": " + ex.getMessage());
        }
        return new ChildInsertPlan(sql, mapping, child, parent, columns, values, access, parentFilters);
    }

    private TableMapping target(Table t) {
        String name = SqlPlanner.normalise(t.getName());
        TableMapping tm = mapping.table(name);
        if (tm == null) {
            throw fail("the written table " + name + " is not migrated but the statement reads a migrated one");
        }
        tableForErrors = tm.name();
        return tm;
    }

    // ================================================================== UPDATE

    private StatementPlan update(Update u) {
        if ((u.getJoins() != null && !u.getJoins().isEmpty()) || (u.getStartJoins() != null && !u.getStartJoins().isEmpty())
                || u.getFromItem() != null) {
            throw fail("a multi-table UPDATE is not supported");
        }
        TableMapping tm = target(u.getTable());
        if (tm.isEmbedded()) {
            throw fail("UPDATE of rows embedded in " + tm.embedding().get().parentTable() + " is not supported");
        }
        if (u.getOrderByElements() != null || u.getLimit() != null) {
            throw fail("UPDATE … ORDER BY / LIMIT is not supported");
        }
        if (u.getReturningClause() != null || (u.getWithItemsList() != null && !u.getWithItemsList().isEmpty())) {
            throw fail("WITH / RETURNING on UPDATE is not supported");
        }
        Scope scope = new Scope(tm, u.getTable());
        List<UpdatePlan.SetClause> sets = new ArrayList<>();
        for (UpdateSet us : u.getUpdateSets()) {
            if (us.getColumns().size() != 1 || us.getValues().size() != 1) {
                throw fail("UPDATE … SET (a, b) = (…) is not supported");
            }
            int slot = scope.slot(us.getColumn(0));
            ColumnMapping cm = scope.column(slot);
            if (tm.isKeyColumn(cm.column())) {
                throw fail("updating " + cm.column() + " is not supported: it is part of the item's key or an index key");
            }
            Expression v = unwrap(us.getValue(0));
            if ((v instanceof Addition || v instanceof Subtraction)
                    && unwrap(((net.sf.jsqlparser.expression.BinaryExpression) v).getLeftExpression()) instanceof Column self
                    && scope.slot(self) == slot) {
                if (!cm.type().isNumeric()) {
                    throw fail(cm.column() + " = " + cm.column() + " ± … on a non-numeric column is not supported");
                }
                sets.add(new UpdatePlan.SetClause(cm, value(((net.sf.jsqlparser.expression.BinaryExpression) v).getRightExpression(), "SET"),
                        v instanceof Subtraction ? -1 : 1));
            } else {
                sets.add(new UpdatePlan.SetClause(cm, value(v, "SET"), 0));
            }
        }
        List<ReadPlan.Filter> filters = whereFilters(u.getWhere(), scope, "UPDATE");
        return new UpdatePlan(sql, mapping, tm, sets, filters, access(tm, filters));
    }

    private List<ReadPlan.Filter> whereFilters(Expression where, Scope scope, String verb) {
        if (where == null) {
            throw fail(verb + " without WHERE on a migrated table is not supported");
        }
        List<Eq> eqs = new ArrayList<>();
        conjuncts(where, scope, eqs);
        List<ReadPlan.Filter> filters = new ArrayList<>();
        for (Eq e : eqs) {
            filters.add(new ReadPlan.Filter(e.slot(), scope.column(e.slot()), e.value()));
        }
        return filters;
    }

    // ================================================================== DELETE

    private StatementPlan delete(Delete d) {
        if ((d.getTables() != null && !d.getTables().isEmpty()) || (d.getJoins() != null && !d.getJoins().isEmpty())
                || (d.getUsingList() != null && !d.getUsingList().isEmpty())) {
            throw fail("a multi-table DELETE is not supported");
        }
        TableMapping tm = target(d.getTable());
        if (tm.isEmbedded()) {
            throw fail("DELETE of rows embedded in " + tm.embedding().get().parentTable() + " is not supported");
        }
        if (d.getOrderByElements() != null || d.getLimit() != null) {
            throw fail("DELETE … ORDER BY / LIMIT is not supported");
        }
        if (d.getReturningClause() != null || (d.getWithItemsList() != null && !d.getWithItemsList().isEmpty())) {
            throw fail("WITH / RETURNING on DELETE is not supported");
        }
        Scope scope = new Scope(tm, d.getTable());
        List<ReadPlan.Filter> filters = whereFilters(d.getWhere(), scope, "DELETE");
        return new DeletePlan(sql, mapping, tm, filters, access(tm, filters));
    }
}
