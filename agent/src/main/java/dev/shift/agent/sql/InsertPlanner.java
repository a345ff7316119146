package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnDefault;
import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Plans an INSERT on a migrated table: one row with a column list, optionally {@code ON DUPLICATE KEY UPDATE}
 * ({@code col = col ± ?}, {@code col = ?}, {@code col = VALUES(col)}); into an embedded child table, an append to its
 * parent's item. Shares {@link PlanBuilder}'s value and error helpers.
 */
final class InsertPlanner {
    private final PlanBuilder b;
    private final Mapping mapping;
    private final String sql;

    InsertPlanner(PlanBuilder b, Mapping mapping, String sql) {
        this.b = b;
        this.mapping = mapping;
        this.sql = sql;
    }


    StatementPlan plan(Insert ins) {
        TableMapping tm = b.target(ins.getTable());
        if (ins.getWithItemsList() != null && !ins.getWithItemsList().isEmpty()) {
            throw b.fail("WITH … INSERT is not supported");
        }
        if (ins.isModifierIgnore()) {
            throw b.fail("INSERT IGNORE is not supported");
        }
        if (ins.isUseSet()) {
            throw b.fail("INSERT … SET is not supported; use INSERT … (columns) VALUES (…)");
        }
        if (ins.getConflictAction() != null || ins.getReturningClause() != null) {
            throw b.fail("ON CONFLICT / RETURNING is not supported");
        }
        if (!(ins.getSelect() instanceof net.sf.jsqlparser.statement.select.Values insertValues)) {
            throw b.fail("INSERT … SELECT is not supported");
        }
        if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
            throw b.fail("INSERT without a column list is not supported");
        }
        ExpressionList<?> exprs = insertValues.getExpressions();
        List<Expression> row = new ArrayList<>();
        for (Object o : exprs) {
            Expression x = (Expression) o;
            if (x instanceof ExpressionList<?> && !(exprs.size() == 1)) {
                throw b.fail("a multi-row INSERT is not supported");
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
            throw b.fail("INSERT has " + ins.getColumns().size() + " columns but " + row.size() + " values");
        }
        List<String> columns = new ArrayList<>();
        List<ValueSource> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            String col = PlanBuilder.unquote(ins.getColumns().get(i).getColumnName()).toLowerCase(Locale.ROOT);
            if (tm.column(col) == null) {
                throw b.fail("column " + col + " of " + tm.name() + " is not in the mapping");
            }
            if (columns.contains(col)) {
                throw b.fail("column " + col + " is given twice");
            }
            columns.add(col);
            values.add(b.value(row.get(i), "VALUES"));
        }
        addDefaults(tm, columns, values);
        List<UpdateSet> dup = ins.getDuplicateUpdateSets();
        if (tm.isEmbedded()) {
            if (dup != null && !dup.isEmpty()) {
                throw b.fail("ON DUPLICATE KEY UPDATE on rows embedded in " + tm.embedding().get().parentTable() + " is not supported");
            }
            return childInsert(tm, columns, values);
        }
        List<InsertPlan.DupSet> dupSets = null;
        if (dup != null && !dup.isEmpty()) {
            PlanBuilder.refuseWhereMysqlSetsColumns(b, tm, java.util.Set.of(), "ON DUPLICATE KEY UPDATE");
            dupSets = new ArrayList<>();
            for (UpdateSet us : dup) {
                if (us.getColumns().size() != 1 || us.getValues().size() != 1) {
                    throw b.fail("ON DUPLICATE KEY UPDATE (a, b) = (…) is not supported");
                }
                String col = PlanBuilder.unquote(us.getColumn(0).getColumnName()).toLowerCase(Locale.ROOT);
                if (tm.column(col) == null) {
                    throw b.fail("column " + col + " of " + tm.name() + " is not in the mapping");
                }
                if (tm.isKeyColumn(col)) {
                    throw b.fail("ON DUPLICATE KEY UPDATE of key column " + col + " is not supported");
                }
                Expression v = PlanBuilder.unwrapParens(us.getValue(0));
                if ((v instanceof Addition || v instanceof Subtraction)
                        && PlanBuilder.unwrapParens(((net.sf.jsqlparser.expression.BinaryExpression) v).getLeftExpression()) instanceof Column self
                        && PlanBuilder.unquote(self.getColumnName()).equalsIgnoreCase(col)) {
                    if (!tm.column(col).type().isNumeric()) {
                        throw b.fail(col + " = " + col + " + … on a non-numeric column is not supported");
                    }
                    Expression incExpr = PlanBuilder.unwrapParens(((net.sf.jsqlparser.expression.BinaryExpression) v).getRightExpression());
                    // x = x + VALUES(y): the increment is the value the INSERT gives y
                    ValueSource inc = insertedValue(incExpr, columns, values);
                    if (inc == null) {
                        inc = b.value(incExpr, "ON DUPLICATE KEY UPDATE");
                    }
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.ADD, inc, v instanceof Subtraction));
                } else if (v instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                        && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column vc
                        && PlanBuilder.unquote(vc.getColumnName()).equalsIgnoreCase(col)) {
                    if (!columns.contains(col)) {
                        throw b.fail("VALUES(" + col + ") of a column that is not inserted");
                    }
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.VALUES, null, false));
                } else {
                    dupSets.add(new InsertPlan.DupSet(col, InsertPlan.DupKind.SET, b.value(v, "ON DUPLICATE KEY UPDATE"), false));
                }
            }
        }
        return new InsertPlan(sql, mapping, tm, columns, values, dupSets);
    }


    /** For {@code VALUES(col)} of an inserted column, the value the INSERT gives it; else null. */
    /**
     * The columns the INSERT leaves out get what MySQL gives them, once the DDL was read: its constant default, NULL,
     * or (NOT NULL without a default) strict mode's error. A default MySQL computes ({@code CURRENT_TIMESTAMP},
     * {@code UUID()}) is its own to evaluate: such an INSERT is not translated.
     */
    private void addDefaults(TableMapping tm, List<String> columns, List<ValueSource> values) {
        for (ColumnMapping c : tm.columns().values()) {
            ColumnDefault onOmit = c.onOmit();
            if (columns.contains(c.column()) || onOmit == null || tm.autoIncrement().filter(c.column()::equals).isPresent()) {
                continue;
            }
            switch (onOmit.kind()) {
                case NULL -> {
                }
                case LITERAL -> {
                    columns.add(c.column());
                    values.add(new ValueSource.Literal(onOmit.text()));
                }
                case NONE -> {
                    columns.add(c.column());
                    values.add(new ValueSource.NoDefault(c.column()));
                }
                case COMPUTED -> throw b.fail("column " + c.column() + " is left to its default " + onOmit.text()
                        + ", which MySQL computes");
            }
        }
    }

    private ValueSource insertedValue(Expression e, List<String> columns, List<ValueSource> values) {
        if (e instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column vc) {
            int i = columns.indexOf(PlanBuilder.unquote(vc.getColumnName()).toLowerCase(Locale.ROOT));
            if (i < 0) {
                throw b.fail("VALUES(" + vc.getColumnName() + ") of a column that is not inserted");
            }
            return values.get(i);
        }
        return null;
    }


    private StatementPlan childInsert(TableMapping child, List<String> columns, List<ValueSource> values) {
        Embedding emb = child.embedding().get();
        TableMapping parent = mapping.table(emb.parentTable());
        Map<String, ValueSource> bound = new LinkedHashMap<>();
        List<KeyFilter> parentFilters = new ArrayList<>();
        for (Map.Entry<String, String> e : emb.parentColumns().entrySet()) {
            int i = columns.indexOf(e.getKey());
            if (i < 0) {
                throw b.fail("an INSERT into " + child.name() + " must give " + e.getKey() + " (it locates the " + parent.name() + " item)");
            }
            bound.put(e.getValue(), values.get(i));
            parentFilters.add(new KeyFilter(-1, parent.column(e.getValue()), values.get(i)));
        }
        Access access;
        try {
            access = Access.choose(mapping, parent, bound, child.name());
        } catch (PlanException ex) {
            throw b.fail("the " + parent.name() + " item of a " + child.name() + " row cannot be found from "
                    + String.join(", ", emb.parentColumns().keySet()) + ": " + ex.getMessage());
        }
        return new ChildInsertPlan(sql, mapping, child, parent, columns, values, access, parentFilters);
    }
}
