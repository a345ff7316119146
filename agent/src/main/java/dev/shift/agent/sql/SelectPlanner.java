package dev.shift.agent.sql;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import dev.shift.agent.merge.Aggregate;
import dev.shift.agent.merge.Expr;
import dev.shift.agent.merge.MergeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Plans a SELECT on a migrated table: the key-bounded DynamoDB reads (from the WHERE's equalities and
 * {@code IN} lists on key columns), the join with a table that stays in MySQL, and the merge stage's work
 * (every predicate, grouping, aggregate, DISTINCT, ORDER BY, LIMIT and select-list expression).
 */
final class SelectPlanner {
    private final Mapping mapping;
    private final String sql;
    private final Function<String, PlanException> fail;

    SelectPlanner(Mapping mapping, String sql, Function<String, PlanException> fail) {
        this.mapping = mapping;
        this.sql = sql;
        this.fail = fail;
    }

    /** What a SELECT's clauses compile to, for one layout of row slots. */
    private record Compiled(List<String> labels, List<Expr> outputs, Expr where, List<Expr> groupBy, Expr having,
                            List<MergeSpec.Sort> sorts, List<Aggregate> aggregates, boolean grouped) {
    }

    ReadPlan plan(Select s, Function<TableMapping, Void> onTable) {
        PlainSelect ps = checkForm(s);
        FromItem from = ps.getFromItem();
        if (!(from instanceof Table fromTable)) {
            throw fail.apply(from instanceof ParenthesedSelect ? "a subquery in FROM is not supported" : "FROM " + from + " is not supported");
        }
        List<Join> joins = ps.getJoins() == null ? List.of() : ps.getJoins();
        if (joins.size() > 1) {
            throw fail.apply("a JOIN of more than two tables is not supported");
        }
        Join join = joins.isEmpty() ? null : joins.get(0);
        if (join != null && embeddedChild(fromTable, join) != null) {
            return planWithChildren(s, ps, fromTable, join, onTable);
        }
        Table migratedTable = fromTable;
        Table otherTable = null;
        if (join != null) {
            Table right = checkJoin(join, fromTable);
            boolean leftMigrated = mapping.table(SqlPlanner.normalise(fromTable.getName())) != null;
            migratedTable = leftMigrated ? fromTable : right;
            otherTable = leftMigrated ? right : fromTable;
        }
        TableMapping tm = mapping.table(SqlPlanner.normalise(migratedTable.getName()));
        if (tm == null) {
            throw fail.apply("no migrated table in FROM");
        }
        onTable.apply(tm);
        Scope scope = new Scope(tm, migratedTable, fail);
        if (otherTable != null) {
            scope.joined(otherTable);
        }
        int[] on = join == null ? null : joinColumns(join, scope);
        // Pass 1 names every column, so the joined table's columns have their slots; pass 2 knows the row width.
        compile(s, ps, scope, 0);
        ReadPlan.Join joinSpec = null;
        if (join != null) {
            joinSpec = new ReadPlan.Join(scope.otherSql, scope.otherQualifier(), on[0], scope.name(on[0]), List.copyOf(scope.rightColumns),
                    on[1] - scope.columnNames.size(), join.isLeft(), ExprCompiler.column(scope, on[0]).collation());
        }
        return finish(s, ps, tm, scope, joinSpec, null);
    }

    /** The migrated table embedded in the FROM table's items that the JOIN names, or null. */
    private TableMapping embeddedChild(Table fromTable, Join join) {
        if (!(join.getFromItem() instanceof Table right)) {
            return null;
        }
        TableMapping parent = mapping.table(SqlPlanner.normalise(fromTable.getName()));
        TableMapping child = mapping.table(SqlPlanner.normalise(right.getName()));
        return parent != null && child != null && child.embedding().isPresent()
                && child.embedding().get().parentTable().equals(parent.name()) ? child : null;
    }

    /**
     * A parent joined with the rows embedded in its items ({@code orders o LEFT JOIN order_items i ON o.id = i.order_id},
     * an ORM's fetch join): both come from the parent's items, so the join is made without another read.
     */
    private ReadPlan planWithChildren(Select s, PlainSelect ps, Table fromTable, Join join, Function<TableMapping, Void> onTable) {
        TableMapping parent = mapping.table(SqlPlanner.normalise(fromTable.getName()));
        TableMapping child = embeddedChild(fromTable, join);
        Table childTable = (Table) join.getFromItem();
        if (join.isSimple() || join.isRight() || join.isFull() || join.isCross() || join.isNatural() || join.isSemi()
                || join.isApply() || (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty())) {
            throw fail.apply("only INNER JOIN and LEFT JOIN … ON of " + parent.name() + " with " + child.name() + " are supported");
        }
        onTable.apply(parent);
        Scope scope = new Scope(parent, fromTable, fail);
        scope.embedded(childTable, child);
        // ON must say what the embedding already says: each child column equals the parent column it comes from.
        Map<String, String> wanted = new LinkedHashMap<>(child.embedding().get().parentColumns());
        Collection<Expression> ons = join.getOnExpressions();
        List<Expression> conditions = ons == null || ons.size() != 1 ? List.of() : KeyAccess.conjuncts(ons.iterator().next());
        for (Expression on : conditions) {
            if (on instanceof EqualsTo eq && PlanBuilder.unwrapParens(eq.getLeftExpression()) instanceof Column a
                    && PlanBuilder.unwrapParens(eq.getRightExpression()) instanceof Column b) {
                int sa = scope.slot(a);
                int sb = scope.slot(b);
                int parentSlot = scope.isLeft(sa) ? sa : sb;
                int childSlot = scope.isLeft(sa) ? sb : sa;
                if (scope.isLeft(parentSlot) && !scope.isLeft(childSlot)
                        && scope.columnNames.get(parentSlot).equals(wanted.get(scope.rightColumns.get(childSlot - scope.columnNames.size())))) {
                    wanted.remove(scope.rightColumns.get(childSlot - scope.columnNames.size()));
                    continue;
                }
            }
            wanted.put("?", "?");   // anything else in ON
        }
        if (!wanted.isEmpty() || conditions.isEmpty()) {
            throw fail.apply("a JOIN of " + parent.name() + " with " + child.name() + " (embedded in its items) must be ON "
                    + child.embedding().get().parentColumns().entrySet().stream()
                            .map(e -> child.name() + "." + e.getKey() + " = " + parent.name() + "." + e.getValue())
                            .reduce((x, y) -> x + " AND " + y).orElse("") + " only");
        }
        return finish(s, ps, parent, scope, null, new ReadPlan.Children(child, join.isLeft()));
    }

    /** The rest of a SELECT's plan once its tables have their slots. */
    private ReadPlan finish(Select s, PlainSelect ps, TableMapping tm, Scope scope, ReadPlan.Join joinSpec,
                            ReadPlan.Children children) {
        Compiled c = compile(s, ps, scope, scope.width());

        Access access = new KeyAccess(mapping, fail).access(tm, ps.getWhere(), scope);
        List<MergeSpec.Sort> sorts = new ArrayList<>(c.sorts());
        boolean manyKeys = access.kind != Access.Kind.GET || access.alternatives.size() > 1;
        if (sorts.isEmpty() && !c.grouped() && !tm.isEmbedded() && manyKeys) {
            // No ORDER BY: return rows in key order, as MySQL's clustered primary key usually does, rather than in
            // the sort key's text order (CART#13 before CART#7).
            for (String col : tm.sortKey().columns()) {
                int slot = scope.columnNames.indexOf(col);
                sorts.add(new MergeSpec.Sort(ExprCompiler.column(scope, slot), true));
            }
        }
        Expr limit = null;
        Expr offset = null;
        Limit l = s.getLimit();
        if (l != null) {
            if (l.isLimitAll() || l.isLimitNull() || l.getRowCount() == null) {
                throw fail.apply("LIMIT ALL / LIMIT NULL is not supported");
            }
            ExprCompiler values = new ExprCompiler(scope, scope.width(), fail);
            limit = values.scalar(l.getRowCount(), "LIMIT");
            offset = l.getOffset() == null ? null : values.scalar(l.getOffset(), "LIMIT offset");
        }
        if (s.getOffset() != null) {
            if (limit == null) {
                throw fail.apply("OFFSET without LIMIT is not supported");
            }
            offset = new ExprCompiler(scope, scope.width(), fail).scalar(s.getOffset().getOffset(), "OFFSET");
        }
        MergeSpec merge = new MergeSpec(scope.width(), c.where(), c.groupBy(), c.aggregates(), c.grouped(), c.having(),
                c.outputs(), ps.getDistinct() != null, sorts, limit, offset);
        // Push ORDER BY / LIMIT down to the Query when the sort key already orders that way.
        boolean forward = true;
        boolean pushLimit = false;
        if (access.kind == Access.Kind.PARTITION && access.alternatives.size() == 1 && !tm.isEmbedded()
                && !sorts.isEmpty() && !c.grouped() && merge.distinct() == false) {
            String firstCol = access.firstUnboundSortColumn();
            if (sorts.get(0).key() instanceof Expr.Col first && scope.isLeft(first.slot())
                    && scope.columnNames.get(first.slot()).equals(firstCol) && tm.column(firstCol).sortsAsText()) {
                forward = sorts.get(0).ascending();
                pushLimit = limit != null && sorts.size() == 1 && KeyAccess.onlyPartitionEqualities(ps.getWhere(), scope, tm)
                        && (joinSpec == null || joinSpec.outer());
            }
        }
        List<ReadPlan.Output> outputs = new ArrayList<>();
        for (int i = 0; i < c.outputs().size(); i++) {
            outputs.add(ResultTypes.output(c.labels().get(i), c.outputs().get(i), scope, c.aggregates()));
        }
        return new ReadPlan(sql, mapping, tm, access, joinSpec, children, outputs, merge, forward, pushLimit,
                s.getForMode() != null, countsOnly(ps, tm, scope, access, joinSpec, children, merge, s.getForMode() != null));
    }

    /**
     * True when the SELECT asks for nothing but {@code COUNT(*)} of one partition's rows, its WHERE no more than
     * equalities on the partition key (the Query finds exactly its rows, as a pushed-down LIMIT trusts): DynamoDB can
     * count the items instead of sending them. Not for a locking read, which holds what it read.
     */
    private static boolean countsOnly(PlainSelect ps, TableMapping tm, Scope scope, Access access, ReadPlan.Join join,
                                      ReadPlan.Children children, MergeSpec merge, boolean locking) {
        if (locking || join != null || children != null || tm.isEmbedded() || access.kind != Access.Kind.PARTITION
                || access.alternatives.size() != 1 || !merge.grouped() || !merge.groupBy().isEmpty()
                || merge.aggregates().size() != 1 || merge.aggregates().get(0).kind() != Aggregate.Kind.COUNT_ALL
                || merge.having() != null || merge.distinct() || !merge.sorts().isEmpty() || merge.limit() != null) {
            return false;
        }
        for (Expr o : merge.outputs()) {
            if (!(o instanceof Expr.Col c) || c.slot() != merge.width()) {
                return false;   // a column of the group's first row needs the rows
            }
        }
        return KeyAccess.onlyPartitionEqualities(ps.getWhere(), scope, tm);
    }

    private PlainSelect checkForm(Select s) {
        if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            throw fail.apply("WITH (common table expressions) is not supported");
        }
        if (s instanceof SetOperationList) {
            throw fail.apply("UNION / INTERSECT / EXCEPT is not supported");
        }
        if (!(s instanceof PlainSelect ps)) {
            throw fail.apply("this form of SELECT (" + s.getClass().getSimpleName() + ") is not supported");
        }
        if (s.isSkipLocked()) {
            throw fail.apply("SELECT … SKIP LOCKED is not supported (DynamoDB has no row locks to skip)");
        }
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            throw fail.apply("DISTINCT ON (…) is not supported");
        }
        if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
            throw fail.apply("SELECT … INTO is not supported");
        }
        if (s.getFetch() != null) {
            throw fail.apply("FETCH FIRST is not supported (use LIMIT)");
        }
        if (ps.getFromItem() == null) {
            throw fail.apply("SELECT without FROM is not supported");
        }
        return ps;
    }

    private Table checkJoin(Join join, Table fromTable) {
        if (!(join.getFromItem() instanceof Table right)) {
            throw fail.apply("a JOIN with a subquery is not supported");
        }
        boolean leftMigrated = mapping.table(SqlPlanner.normalise(fromTable.getName())) != null;
        boolean rightMigrated = mapping.table(SqlPlanner.normalise(right.getName())) != null;
        if (leftMigrated && rightMigrated) {
            throw fail.apply("a JOIN of two migrated tables is not supported");
        }
        if (join.isSimple()) {
            throw fail.apply("a comma join (FROM a, b) is not supported; use JOIN … ON");
        }
        if (join.isRight() || join.isFull() || join.isCross() || join.isNatural() || join.isSemi() || join.isApply()) {
            throw fail.apply("only INNER JOIN and LEFT JOIN are supported");
        }
        if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
            throw fail.apply("JOIN … USING is not supported; use ON a = b");
        }
        if (join.isLeft() && !leftMigrated) {
            throw fail.apply("LEFT JOIN is supported only with the migrated table on the left");
        }
        return right;
    }

    /** The ON's two columns: {migrated side's slot, joined side's slot}. */
    private int[] joinColumns(Join join, Scope scope) {
        Collection<Expression> ons = join.getOnExpressions();
        if (ons == null || ons.size() != 1) {
            throw fail.apply("a JOIN needs exactly one ON condition");
        }
        Expression on = PlanBuilder.unwrapParens(ons.iterator().next());
        if (!(on instanceof EqualsTo eq) || !(PlanBuilder.unwrapParens(eq.getLeftExpression()) instanceof Column a)
                || !(PlanBuilder.unwrapParens(eq.getRightExpression()) instanceof Column b)) {
            throw fail.apply("the JOIN's ON must be one equality between a column of each table (" + on + ")");
        }
        int sa = scope.slot(a);
        int sb = scope.slot(b);
        if (scope.isLeft(sa) == scope.isLeft(sb)) {
            throw fail.apply("the JOIN's ON must compare a column of each table (" + on + ")");
        }
        return scope.isLeft(sa) ? new int[] {sa, sb} : new int[] {sb, sa};
    }

    // ------------------------------------------------------------------------------------------------ clauses

    private Compiled compile(Select s, PlainSelect ps, Scope scope, int width) {
        ExprCompiler x = new ExprCompiler(scope, width, fail);
        List<String> labels = new ArrayList<>();
        List<Expr> outputs = new ArrayList<>();
        for (SelectItem<?> si : ps.getSelectItems()) {
            Expression ex = si.getExpression();
            String alias = si.getAlias() == null ? null : PlanBuilder.unquote(si.getAlias().getName());
            if (ex instanceof AllTableColumns atc) {
                if (!scope.isMigrated(SqlPlanner.normalise(atc.getTable().getName()))) {
                    throw fail.apply(SqlPlanner.normalise(atc.getTable().getName()) + ".* of the non-migrated table is not supported; name its columns");
                }
                allColumns(scope, labels, outputs);
            } else if (ex instanceof AllColumns) {
                if (scope.otherName != null) {
                    throw fail.apply("SELECT * with a JOIN is not supported; name the columns");
                }
                allColumns(scope, labels, outputs);
            } else {
                Expr e = x.withAggregates(ex, "the SELECT list");
                outputs.add(isPredicate(e) ? new Expr.AsNumber(e) : e);
                labels.add(alias != null ? alias : ex instanceof Column c ? PlanBuilder.unquote(c.getColumnName()) : ex.toString());
            }
        }
        Expr where = ps.getWhere() == null ? null : x.scalar(ps.getWhere(), "WHERE");
        List<Expr> groupBy = new ArrayList<>();
        GroupByElement gb = ps.getGroupBy();
        if (gb != null) {
            if (gb.getGroupingSets() != null && !gb.getGroupingSets().isEmpty()) {
                throw fail.apply("GROUPING SETS / ROLLUP is not supported");
            }
            for (Object o : gb.getGroupByExpressionList()) {
                groupBy.add(byNameOrPosition((Expression) o, labels, outputs, x, scope, false, "GROUP BY"));
            }
        }
        Expr having = ps.getHaving() == null ? null : havingExpr(ps.getHaving(), labels, outputs, x, scope);
        List<MergeSpec.Sort> sorts = new ArrayList<>();
        if (s.getOrderByElements() != null) {
            for (OrderByElement ob : s.getOrderByElements()) {
                if (ob.getNullOrdering() != null) {
                    throw fail.apply("NULLS FIRST/LAST is not supported");
                }
                sorts.add(new MergeSpec.Sort(byNameOrPosition(ob.getExpression(), labels, outputs, x, scope, true, "ORDER BY"), ob.isAsc()));
            }
        }
        boolean grouped = gb != null || !x.aggregates.isEmpty();
        return new Compiled(labels, outputs, where, groupBy, having, sorts, List.copyOf(x.aggregates), grouped);
    }

    private static boolean isPredicate(Expr e) {
        return e instanceof Expr.Compare || e instanceof Expr.And || e instanceof Expr.Or || e instanceof Expr.Not
                || e instanceof Expr.IsNull || e instanceof Expr.In || e instanceof Expr.Between || e instanceof Expr.Like;
    }

    private void allColumns(Scope scope, List<String> labels, List<Expr> outputs) {
        for (int i = 0; i < scope.columnNames.size(); i++) {
            labels.add(scope.columnNames.get(i));
            outputs.add(new Expr.Col(i, scope.name(i)));
        }
    }

    /**
     * An ORDER BY or GROUP BY item: a position in the select list, a select-list alias, or an expression. MySQL looks
     * an unqualified name up in the select list first for ORDER BY, in the tables first for GROUP BY.
     */
    private Expr byNameOrPosition(Expression e, List<String> labels, List<Expr> outputs, ExprCompiler x, Scope scope,
                                  boolean aliasFirst, String clause) {
        e = PlanBuilder.unwrapParens(e);
        if (e instanceof LongValue lv) {
            int pos = (int) lv.getValue();
            if (pos < 1 || pos > outputs.size()) {
                throw fail.apply(clause + " position " + pos + " is not in the SELECT list");
            }
            return outputs.get(pos - 1);
        }
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
            String name = PlanBuilder.unquote(c.getColumnName());
            boolean tableColumn = scope.table.columns().containsKey(name.toLowerCase(Locale.ROOT));
            if (aliasFirst || !tableColumn) {
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.get(i).equalsIgnoreCase(name)) {
                        return outputs.get(i);
                    }
                }
            }
        }
        return aliasFirst ? x.withAggregates(e, clause) : x.scalar(e, clause);
    }

    /** HAVING may name a select-list alias (an aggregate's, typically) where no column of the table has that name. */
    private Expr havingExpr(Expression e, List<String> labels, List<Expr> outputs, ExprCompiler x, Scope scope) {
        Map<String, Expr> aliases = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (!scope.table.columns().containsKey(labels.get(i).toLowerCase(Locale.ROOT))) {
                aliases.putIfAbsent(labels.get(i).toLowerCase(Locale.ROOT), outputs.get(i));
            }
        }
        return x.withAggregates(e, "HAVING", aliases);
    }

}
