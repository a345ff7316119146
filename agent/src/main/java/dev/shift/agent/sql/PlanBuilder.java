package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import dev.shift.agent.merge.Expr;
import java.math.BigDecimal;
import java.util.ArrayList;
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
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
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
            return new InsertPlanner(this, mapping, sql).plan(i);
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

    PlanException fail(String reason) {
        return new PlanException(tableForErrors, reason);
    }

    private record Eq(int slot, ValueSource value) {
    }

    // ================================================================== SELECT

    private StatementPlan select(Select s) {
        return new SelectPlanner(mapping, sql, this::fail).plan(s, tm -> {
            tableForErrors = tm.name();
            return null;
        });
    }

    private Access access(TableMapping tm, List<KeyFilter> filters) {
        if (!tm.isEmbedded()) {
            Map<String, ValueSource> bound = new LinkedHashMap<>();
            for (KeyFilter f : filters) {
                bound.putIfAbsent(f.column().column(), f.value());
            }
            return Access.choose(mapping, tm, bound, tm.name());
        }
        Embedding emb = tm.embedding().get();
        TableMapping parent = mapping.table(emb.parentTable());
        Map<String, ValueSource> bound = new LinkedHashMap<>();
        for (KeyFilter f : filters) {
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

    /**
     * The top-level AND's equalities of a column with a value go to {@code out}; any other condition to {@code rest},
     * or (null) fails naming it.
     */
    private void conjuncts(Expression e, Scope scope, List<Eq> out, List<Expression> rest) {
        if (e == null) {
            return;
        }
        e = unwrapParens(e);
        if (e instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), scope, out, rest);
            conjuncts(and.getRightExpression(), scope, out, rest);
            return;
        }
        if (rest != null && !(e instanceof EqualsTo eq && isColumnEqualsValue(eq))) {
            rest.add(e);
            return;
        }
        if (e instanceof EqualsTo eq) {
            Expression l = unwrapParens(eq.getLeftExpression());
            Expression r = unwrapParens(eq.getRightExpression());
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

    private static boolean isColumnEqualsValue(EqualsTo eq) {
        Expression l = unwrapParens(eq.getLeftExpression());
        Expression r = unwrapParens(eq.getRightExpression());
        return (l instanceof Column && simpleValue(r) != null) || (r instanceof Column && simpleValue(l) != null);
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

    ValueSource value(Expression e, String where) {
        e = unwrapParens(e);
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

    static Expression unwrapParens(Expression e) {
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
        e = unwrapParens(e);
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

    /** UPDATE (sets) or DELETE (no sets) of embedded rows: their parent is found by the columns they copy from it. */
    private StatementPlan childWrite(TableMapping child, List<UpdatePlan.SetClause> sets, List<KeyFilter> filters) {
        TableMapping parent = mapping.table(child.embedding().get().parentTable());
        return new ChildWritePlan(sql, mapping, child, parent, sets, filters, access(child, filters));
    }

    TableMapping target(Table t) {
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
        if (u.getOrderByElements() != null || u.getLimit() != null) {
            throw fail("UPDATE … ORDER BY / LIMIT is not supported");
        }
        if (u.getReturningClause() != null || (u.getWithItemsList() != null && !u.getWithItemsList().isEmpty())) {
            throw fail("WITH / RETURNING on UPDATE is not supported");
        }
        Scope scope = new Scope(tm, u.getTable(), this::fail);
        List<UpdatePlan.SetClause> sets = new ArrayList<>();
        for (UpdateSet us : u.getUpdateSets()) {
            if (us.getColumns().size() != 1 || us.getValues().size() != 1) {
                throw fail("UPDATE … SET (a, b) = (…) is not supported");
            }
            int slot = scope.slot(us.getColumn(0));
            ColumnMapping cm = scope.column(slot);
            Expression v = unwrapParens(us.getValue(0));
            if (tm.isKeyColumn(cm.column())) {
                // An ORM's dirty checking sets every column, keys included, to the values they already hold: that is
                // allowed (checked row by row when the statement runs); moving a row to another key is not.
                ValueSource same = simpleValue(v);
                if (same == null) {
                    throw fail("updating " + cm.column() + " is not supported: it is part of the item's key or an index key");
                }
                sets.add(new UpdatePlan.SetClause(cm, same, UpdatePlan.SetClause.KEY));
                continue;
            }
            if ((v instanceof Addition || v instanceof Subtraction)
                    && unwrapParens(((net.sf.jsqlparser.expression.BinaryExpression) v).getLeftExpression()) instanceof Column self
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
        java.util.Set<String> assigned = new java.util.HashSet<>();
        sets.forEach(c -> assigned.add(c.column().column()));
        refuseWhereMysqlSetsColumns(this, tm, assigned, "UPDATE");
        Where where = where(u.getWhere(), scope, "UPDATE");
        List<KeyFilter> filters = where.filters();
        if (tm.isEmbedded()) {
            for (UpdatePlan.SetClause set : sets) {
                if (set.sign() == UpdatePlan.SetClause.KEY || tm.embedding().get().parentColumns().containsKey(set.column().column())) {
                    throw fail("updating " + set.column().column() + " of rows embedded in "
                            + tm.embedding().get().parentTable() + " is not supported (it moves the row to another item)");
                }
            }
            return childWrite(tm, sets, filters);
        }
        return new UpdatePlan(sql, mapping, tm, sets, where, access(tm, filters));
    }

    /**
     * Refuses an update of {@code tm}'s rows that leaves out a column MySQL sets itself on every UPDATE
     * ({@code ON UPDATE CURRENT_TIMESTAMP}): its value is MySQL's to give.
     */
    static void refuseWhereMysqlSetsColumns(PlanBuilder b, TableMapping tm, java.util.Set<String> set, String verb) {
        for (ColumnMapping c : tm.columns().values()) {
            if (c.setOnUpdate() && !set.contains(c.column())) {
                throw b.fail(verb + " of " + tm.name() + " without setting " + c.column() + ", which MySQL sets on every "
                        + "UPDATE (ON UPDATE CURRENT_TIMESTAMP)");
            }
        }
    }

    /**
     * An UPDATE's or DELETE's WHERE: its equalities of a column with a value (they choose the item access and become
     * the write's condition), and the rest ({@code IN}, ranges, {@code LIKE}, {@code OR} …) as one predicate the rows
     * read are tested with in memory (null when there is none). Rows embedded in a parent take equalities only.
     */
    record Where(List<KeyFilter> filters, Expr residual) {
    }

    private Where where(Expression where, Scope scope, String verb) {
        if (where == null) {
            throw fail(verb + " without WHERE on a migrated table is not supported");
        }
        List<Eq> eqs = new ArrayList<>();
        List<Expression> rest = new ArrayList<>();
        conjuncts(where, scope, eqs, scope.table.isEmbedded() ? null : rest);
        List<KeyFilter> filters = new ArrayList<>();
        for (Eq e : eqs) {
            filters.add(new KeyFilter(e.slot(), scope.column(e.slot()), e.value()));
        }
        Expression residual = null;
        for (Expression e : rest) {
            residual = residual == null ? e : new AndExpression(residual, e);
        }
        return new Where(filters, residual == null ? null
                : new ExprCompiler(scope, scope.width(), this::fail).scalar(residual, "WHERE"));
    }

    // ================================================================== DELETE

    /** MySQL's multi-table syntax naming only the FROM table ({@code DELETE c1_0 FROM carts c1_0 WHERE …}, Hibernate's). */
    private static boolean namesOnlyItsTable(Delete d) {
        if (d.getTables().size() != 1) {
            return false;
        }
        String named = SqlPlanner.normalise(d.getTables().get(0).getName());
        Table from = d.getTable();
        String alias = from.getAlias() == null ? null : unquote(from.getAlias().getName()).toLowerCase(Locale.ROOT);
        return named.equals(alias) || (alias == null && named.equals(SqlPlanner.normalise(from.getName())));
    }

    private StatementPlan delete(Delete d) {
        if ((d.getTables() != null && !d.getTables().isEmpty() && !namesOnlyItsTable(d))
                || (d.getJoins() != null && !d.getJoins().isEmpty())
                || (d.getUsingList() != null && !d.getUsingList().isEmpty())) {
            throw fail("a multi-table DELETE is not supported");
        }
        TableMapping tm = target(d.getTable());
        if (d.getOrderByElements() != null || d.getLimit() != null) {
            throw fail("DELETE … ORDER BY / LIMIT is not supported");
        }
        if (d.getReturningClause() != null || (d.getWithItemsList() != null && !d.getWithItemsList().isEmpty())) {
            throw fail("WITH / RETURNING on DELETE is not supported");
        }
        Scope scope = new Scope(tm, d.getTable(), this::fail);
        Where where = where(d.getWhere(), scope, "DELETE");
        if (tm.isEmbedded()) {
            return childWrite(tm, List.of(), where.filters());
        }
        return new DeletePlan(sql, mapping, tm, where, access(tm, where.filters()));
    }
}
