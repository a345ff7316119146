package dev.shift.agent.sql;

import dev.shift.agent.mapping.Embedding;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * How a SELECT's rows are found in DynamoDB: from the WHERE's top-level equalities and {@code IN} lists on key columns,
 * the key-bounded reads (see {@link Access}). The whole WHERE is still evaluated on the rows read (the merge stage),
 * so the access only has to find a superset of them.
 */
final class KeyAccess {
    /** At most this many keys are read for one statement ({@code id IN (…)}); beyond it the statement is refused. */
    static final int MAX_KEY_ALTERNATIVES = 100;

    private final Mapping mapping;
    private final Function<String, PlanException> fail;

    KeyAccess(Mapping mapping, Function<String, PlanException> fail) {
        this.mapping = mapping;
        this.fail = fail;
    }

    /** Top-level AND conjuncts of a WHERE. */
    static List<Expression> conjuncts(Expression where) {
        List<Expression> out = new ArrayList<>();
        if (where != null) {
            addConjuncts(where, out);
        }
        return out;
    }

    private static void addConjuncts(Expression e, List<Expression> out) {
        e = PlanBuilder.unwrapParens(e);
        if (e instanceof AndExpression and) {
            addConjuncts(and.getLeftExpression(), out);
            addConjuncts(and.getRightExpression(), out);
        } else {
            out.add(e);
        }
    }

    /** {@code column = value} on the migrated table, as column → value; null when the conjunct is not that. */
    private static Map.Entry<String, ValueSource> equality(Expression e, Scope scope) {
        if (!(e instanceof EqualsTo eq) || "<=>".equals(eq.getStringExpression())) {
            return null;
        }
        Expression l = PlanBuilder.unwrapParens(eq.getLeftExpression());
        Expression r = PlanBuilder.unwrapParens(eq.getRightExpression());
        if (!(l instanceof Column) && r instanceof Column) {
            Expression t = l;
            l = r;
            r = t;
        }
        ValueSource v = PlanBuilder.simpleValue(r);
        if (!(l instanceof Column c) || v == null) {
            return null;
        }
        String col = migratedColumn(c, scope);
        return col == null ? null : Map.entry(col, v);
    }

    /** The migrated (FROM) table's column a column names; an embedded child's column that copies one counts as it. */
    private static String migratedColumn(Column c, Scope scope) {
        int slot = scope.slot(c);
        if (scope.isLeft(slot)) {
            return scope.columnNames.get(slot);
        }
        if (scope.child != null) {
            return scope.child.embedding().get().parentColumns().get(scope.rightColumns.get(slot - scope.columnNames.size()));
        }
        return null;
    }

    /** {@code col IN (v, …)} or {@code (a, b) IN ((v, w), …)} on migrated columns: one binding per row; else null. */
    private static List<Map<String, ValueSource>> inList(Expression e, Scope scope) {
        if (!(e instanceof InExpression in) || in.isNot() || !(in.getRightExpression() instanceof ExpressionList<?> list)
                || in.getRightExpression() instanceof Select) {
            return null;
        }
        List<String> cols = new ArrayList<>();
        Expression left = in.getLeftExpression();
        List<Expression> leftItems = new ArrayList<>();
        if (left instanceof ParenthesedExpressionList<?> tuple) {
            for (Object o : tuple) {
                leftItems.add((Expression) o);
            }
        } else {
            leftItems.add(left);
        }
        for (Expression item : leftItems) {
            if (!(PlanBuilder.unwrapParens(item) instanceof Column c) || migratedColumn(c, scope) == null) {
                return null;
            }
            cols.add(migratedColumn(c, scope));
        }
        List<Map<String, ValueSource>> bindings = new ArrayList<>();
        for (Object o : list) {
            List<Expression> values = new ArrayList<>();
            if (cols.size() > 1) {
                if (!(o instanceof ExpressionList<?> row) || row.size() != cols.size()) {
                    return null;
                }
                row.forEach(v -> values.add((Expression) v));
            } else {
                values.add((Expression) o);
            }
            Map<String, ValueSource> b = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                ValueSource v = PlanBuilder.simpleValue(values.get(i));
                if (v == null) {
                    return null;
                }
                b.put(cols.get(i), v);
            }
            bindings.add(b);
        }
        return bindings;
    }

    /**
     * The reads: by the WHERE's equalities alone when they bind a key; else also by an {@code IN} list on key columns
     * (one read per listed key). The whole WHERE is still evaluated on the rows read, so the access only has to
     * find a superset of them.
     */
    Access access(TableMapping tm, Expression where, Scope scope) {
        Map<String, ValueSource> equalities = new LinkedHashMap<>();
        List<List<Map<String, ValueSource>>> lists = new ArrayList<>();
        for (Expression c : conjuncts(where)) {
            Map.Entry<String, ValueSource> eq = equality(c, scope);
            if (eq != null) {
                equalities.putIfAbsent(eq.getKey(), eq.getValue());
                continue;
            }
            List<Map<String, ValueSource>> in = inList(c, scope);
            if (in != null && !in.isEmpty()) {
                lists.add(in);
            }
        }
        PlanException firstFailure;
        try {
            Access a = choose(tm, List.of(equalities));
            if (a.kind == Access.Kind.GET || lists.isEmpty()) {
                return a;
            }
            firstFailure = null;
        } catch (PlanException e) {
            firstFailure = e;
        }
        // try each IN list: it may complete the key (GetItem per key) or bind an index or the partition
        for (List<Map<String, ValueSource>> in : lists) {
            if (in.size() > MAX_KEY_ALTERNATIVES) {
                continue;
            }
            List<Map<String, ValueSource>> bindings = new ArrayList<>();
            for (Map<String, ValueSource> b : in) {
                Map<String, ValueSource> merged = new LinkedHashMap<>(equalities);
                b.forEach(merged::putIfAbsent);
                bindings.add(merged);
            }
            try {
                Access a = choose(tm, bindings);
                if (firstFailure != null || a.kind == Access.Kind.GET) {
                    return a;
                }
            } catch (PlanException e) {
                // this list does not help
            }
        }
        if (firstFailure != null) {
            TableMapping items = tm.isEmbedded() ? mapping.table(tm.embedding().get().parentTable()) : tm;
            if (items.scannable()) {
                return Access.scan(mapping, items);   // the whole WHERE is evaluated on the items scanned
            }
            for (List<Map<String, ValueSource>> in : lists) {
                if (in.size() > MAX_KEY_ALTERNATIVES) {
                    throw fail.apply("an IN list of " + in.size() + " keys (more than " + MAX_KEY_ALTERNATIVES + ") is not supported");
                }
            }
            if (conjuncts(where).stream().anyMatch(c -> c instanceof OrExpression)) {
                throw fail.apply(firstFailure.getMessage().replace(Access.NO_SCAN,
                        "; conditions joined by OR do not bind a key" + Access.NO_SCAN));
            }
            throw firstFailure;
        }
        return choose(tm, List.of(equalities));
    }

    /** The access path for these bindings (all binding the same columns); embedded rows are found by their parent's key. */
    private Access choose(TableMapping tm, List<Map<String, ValueSource>> bindings) {
        if (!tm.isEmbedded()) {
            return Access.choose(mapping, tm, bindings.get(0), tm.name()).forEach(bindings);
        }
        Embedding emb = tm.embedding().get();
        TableMapping parent = mapping.table(emb.parentTable());
        List<Map<String, ValueSource>> parentBindings = new ArrayList<>();
        for (Map<String, ValueSource> b : bindings) {
            Map<String, ValueSource> pb = new LinkedHashMap<>();
            b.forEach((col, v) -> {
                String pc = emb.parentColumns().get(col);
                if (pc != null) {
                    pb.putIfAbsent(pc, v);
                }
            });
            parentBindings.add(pb);
        }
        try {
            return Access.choose(mapping, parent, parentBindings.get(0), tm.name()).forEach(parentBindings);
        } catch (PlanException e) {
            throw fail.apply("WHERE on " + tm.name() + " (embedded in " + parent.name() + ") must bind "
                    + String.join(", ", emb.parentColumns().keySet()) + " by equality");
        }
    }

    static boolean onlyPartitionEqualities(Expression where, Scope scope, TableMapping tm) {
        for (Expression c : conjuncts(where)) {
            Map.Entry<String, ValueSource> eq = equality(c, scope);
            if (eq == null || !tm.partitionKey().columns().contains(eq.getKey())) {
                return false;
            }
        }
        return true;
    }
}
