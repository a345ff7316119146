package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.merge.Aggregate;
import dev.shift.agent.merge.Expr;
import dev.shift.agent.merge.Expr.CompareOp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
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
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Compiles a parsed SQL expression into a {@link Expr} the merge stage evaluates, resolving columns to row slots.
 * Whatever it cannot evaluate exactly as MySQL would is refused with a {@link PlanException} naming it.
 * Aggregates are collected (when the clause allows them) and read from the group row's slot after the input.
 */
final class ExprCompiler {

    /** Where columns live in the input row. */
    interface Slots {
        int slot(Column c);

        /** The migrated column in this slot, or null (a column of a joined table that stays in MySQL). */
        ColumnMapping column(int slot);

        String name(int slot);
    }

    private final Slots slots;
    private final Function<String, PlanException> fail;
    private final int width;
    final List<Aggregate> aggregates = new ArrayList<>();
    private Map<String, Expr> aliases = Map.of();

    ExprCompiler(Slots slots, int width, Function<String, PlanException> fail) {
        this.slots = slots;
        this.width = width;
        this.fail = fail;
    }

    /** An expression where aggregates are not allowed (WHERE, GROUP BY, an aggregate's argument). */
    Expr scalar(Expression e, String clause) {
        return compile(e, clause, false);
    }

    /** An expression where aggregates are allowed (the select list, HAVING, ORDER BY). */
    Expr withAggregates(Expression e, String clause) {
        return compile(e, clause, true);
    }

    /** As {@link #withAggregates(Expression, String)}, where an unqualified name may be one of these select-list aliases. */
    Expr withAggregates(Expression e, String clause, Map<String, Expr> selectAliases) {
        aliases = selectAliases;
        try {
            return compile(e, clause, true);
        } finally {
            aliases = Map.of();
        }
    }

    private Expr compile(Expression e, String clause, boolean aggregatesAllowed) {
        e = PlanBuilder.unwrapParens(e);
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)
                && aliases.containsKey(PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT))) {
            return aliases.get(PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
        }
        if (e instanceof Column c) {
            return column(slots, slots.slot(c));
        }
        if (e instanceof JdbcParameter p) {
            if (p.getIndex() == null) {
                throw fail.apply("a parameter without index in " + clause);
            }
            return new Expr.Param(p.getIndex() - 1);
        }
        if (e instanceof LongValue lv) {
            BigDecimal d = new BigDecimal(lv.getStringValue());
            return new Expr.Literal(d.unscaledValue().bitLength() < 64 ? (Object) d.longValueExact() : d);
        }
        if (e instanceof DoubleValue) {
            return new Expr.Literal(new BigDecimal(e.toString()));
        }
        if (e instanceof StringValue sv) {
            return new Expr.Literal(sv.getValue().replace("''", "'").replace("\\'", "'"));
        }
        if (e instanceof NullValue) {
            return new Expr.Literal(null);
        }
        if (e instanceof net.sf.jsqlparser.expression.BooleanValue bv) {
            return new Expr.Literal(bv.getValue() ? 1L : 0L);   // MySQL's TRUE and FALSE are 1 and 0
        }
        if (e instanceof net.sf.jsqlparser.expression.CaseExpression ce) {
            List<Expr> conditions = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            Expr subject = ce.getSwitchExpression() == null ? null : compile(ce.getSwitchExpression(), clause, aggregatesAllowed);
            for (net.sf.jsqlparser.expression.WhenClause w : ce.getWhenClauses()) {
                Expr when = compile(w.getWhenExpression(), clause, aggregatesAllowed);
                conditions.add(subject == null ? when : new Expr.Compare(CompareOp.EQ, subject, coerceTo(subject, when)));
                values.add(compile(w.getThenExpression(), clause, aggregatesAllowed));
            }
            return new Expr.Case(conditions, values,
                    ce.getElseExpression() == null ? null : compile(ce.getElseExpression(), clause, aggregatesAllowed));
        }
        if (e instanceof SignedExpression se) {
            Expr inner = compile(se.getExpression(), clause, aggregatesAllowed);
            return se.getSign() == '-' ? new Expr.Negate(inner) : inner;
        }
        if (e instanceof AndExpression a) {
            return new Expr.And(compile(a.getLeftExpression(), clause, aggregatesAllowed), compile(a.getRightExpression(), clause, aggregatesAllowed));
        }
        if (e instanceof OrExpression o) {
            return new Expr.Or(compile(o.getLeftExpression(), clause, aggregatesAllowed), compile(o.getRightExpression(), clause, aggregatesAllowed));
        }
        if (e instanceof NotExpression n) {
            return new Expr.Not(compile(n.getExpression(), clause, aggregatesAllowed));
        }
        CompareOp op = compareOp(e);
        if (op != null) {
            BinaryExpression b = (BinaryExpression) e;
            if (PlanBuilder.unwrapParens(b.getLeftExpression()) instanceof ParenthesedExpressionList<?> l
                    && PlanBuilder.unwrapParens(b.getRightExpression()) instanceof ParenthesedExpressionList<?> r && op == CompareOp.EQ) {
                return rowIn(l, List.of(r), false, clause, aggregatesAllowed);
            }
            Expr left = compile(b.getLeftExpression(), clause, aggregatesAllowed);
            Expr right = compile(b.getRightExpression(), clause, aggregatesAllowed);
            requireACollation(e, left, right);
            return new Expr.Compare(op, coerceTo(right, left), coerceTo(left, right));
        }
        if (e instanceof IsNullExpression in) {
            return new Expr.IsNull(compile(in.getLeftExpression(), clause, aggregatesAllowed), in.isNot());
        }
        if (e instanceof InExpression in) {
            return in(in, clause, aggregatesAllowed);
        }
        if (e instanceof Between bt) {
            Expr operand = compile(bt.getLeftExpression(), clause, aggregatesAllowed);
            Expr low = coerceTo(operand, compile(bt.getBetweenExpressionStart(), clause, aggregatesAllowed));
            Expr high = coerceTo(operand, compile(bt.getBetweenExpressionEnd(), clause, aggregatesAllowed));
            requireACollation(e, operand, low);
            requireACollation(e, operand, high);
            return new Expr.Between(operand, low, high, bt.isNot());
        }
        if (e instanceof LikeExpression like) {
            if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
                throw fail.apply(like.getLikeKeyWord() + " in " + clause + " is not supported (only LIKE)");
            }
            char escape = '\\';
            if (like.getEscape() != null) {
                if (!(like.getEscape() instanceof StringValue sv) || sv.getValue().length() != 1) {
                    throw fail.apply("LIKE … ESCAPE needs one character (" + like.getEscape() + ")");
                }
                escape = sv.getValue().charAt(0);
            }
            Expr operand = compile(like.getLeftExpression(), clause, aggregatesAllowed);
            Expr pattern = compile(like.getRightExpression(), clause, aggregatesAllowed);
            requireACollation(e, operand, pattern);
            return new Expr.Like(operand, pattern, escape, like.isNot());
        }
        if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication || e instanceof Division
                || e instanceof Modulo) {
            BinaryExpression b = (BinaryExpression) e;
            char sym = e instanceof Addition ? '+' : e instanceof Subtraction ? '-' : e instanceof Multiplication ? '*'
                    : e instanceof Division ? '/' : '%';
            return new Expr.Arithmetic(sym, compile(b.getLeftExpression(), clause, aggregatesAllowed),
                    compile(b.getRightExpression(), clause, aggregatesAllowed));
        }
        if (e instanceof net.sf.jsqlparser.expression.Function f) {
            return function(f, clause, aggregatesAllowed);
        }
        if (e instanceof ParenthesedSelect || e instanceof Select || e instanceof net.sf.jsqlparser.expression.operators.relational.ExistsExpression) {
            throw fail.apply("a subquery in " + clause + " is not supported");
        }
        throw fail.apply("'" + e + "' in " + clause + " is not supported");
    }

    private static CompareOp compareOp(Expression e) {
        if (e instanceof EqualsTo eq) {
            return "<=>".equals(eq.getStringExpression()) ? CompareOp.NULL_SAFE_EQ : CompareOp.EQ;
        }
        if (e instanceof NotEqualsTo) {
            return CompareOp.NE;
        }
        if (e instanceof GreaterThan) {
            return CompareOp.GT;
        }
        if (e instanceof GreaterThanEquals) {
            return CompareOp.GE;
        }
        if (e instanceof MinorThan) {
            return CompareOp.LT;
        }
        if (e instanceof MinorThanEquals) {
            return CompareOp.LE;
        }
        return null;
    }

    /**
     * Refuses a comparison of two values neither of which is a column when they may be strings ({@code ? = 'a'},
     * {@code 'a' LIKE ?}): MySQL compares those by the connection's collation, which Shift does not know, so their
     * answer could differ (a case-insensitive connection calls {@code 'a' = 'A'} true). With a column on one side the
     * column's collation decides, which Shift follows.
     */
    private void requireACollation(Expression sql, Expr a, Expr b) {
        if (constant(a) && constant(b) && !nonText(a) && !nonText(b)) {
            throw fail.apply("'" + sql + "' compares two values neither of which is a column; MySQL compares such "
                    + "strings by the connection's collation, which Shift does not model (compare a column instead)");
        }
    }

    private static boolean constant(Expr e) {
        return e instanceof Expr.Param || e instanceof Expr.Literal;
    }

    /** A literal that is not a string (a number, NULL): no collation takes part in comparing it. */
    private static boolean nonText(Expr e) {
        return e instanceof Expr.Literal l && !(l.value() instanceof String);
    }

    /**
     * A value compared with a migrated column is first made a value of that column's type, as the driver would have
     * sent it to MySQL (a DATETIME compared with a parameter bound as text compares as DATETIME).
     */
    private Expr coerceTo(Expr column, Expr value) {
        if (column instanceof Expr.Col c && !(value instanceof Expr.Col)) {
            ColumnMapping cm = slots.column(c.slot());
            if (cm != null) {
                return new Expr.Coerce(value, cm::coerce, cm.type().configName() + " for " + c.name());
            }
        }
        return value;
    }

    private Expr in(InExpression in, String clause, boolean aggregatesAllowed) {
        Expression right = in.getRightExpression();
        if (right instanceof Select || right instanceof ParenthesedSelect) {
            throw fail.apply("a subquery (IN (SELECT …)) in " + clause + " is not supported");
        }
        if (!(right instanceof ExpressionList<?> list)) {
            throw fail.apply("IN " + right + " in " + clause + " is not supported");
        }
        Expression left = in.getLeftExpression();
        if (left instanceof ParenthesedExpressionList<?> tuple && tuple.size() > 1) {
            List<ExpressionList<?>> rows = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof ExpressionList<?> row) || row.size() != tuple.size()) {
                    throw fail.apply("IN with rows of different sizes: " + in);
                }
                rows.add(row);
            }
            return rowIn(tuple, rows, in.isNot(), clause, aggregatesAllowed);
        }
        Expr operand = compile(left, clause, aggregatesAllowed);
        List<List<Expr>> values = new ArrayList<>();
        for (Object o : list) {
            Expr value = compile((Expression) o, clause, aggregatesAllowed);
            requireACollation(in, operand, value);
            values.add(List.of(coerceTo(operand, value)));
        }
        return new Expr.In(List.of(operand), values, in.isNot());
    }

    private Expr rowIn(ExpressionList<?> tuple, List<? extends ExpressionList<?>> rows, boolean negated, String clause,
                       boolean aggregatesAllowed) {
        List<Expr> left = new ArrayList<>();
        for (Object o : tuple) {
            left.add(compile((Expression) o, clause, aggregatesAllowed));
        }
        List<List<Expr>> values = new ArrayList<>();
        for (ExpressionList<?> row : rows) {
            List<Expr> r = new ArrayList<>();
            int i = 0;
            for (Object o : row) {
                r.add(coerceTo(left.get(i++), compile((Expression) o, clause, aggregatesAllowed)));
            }
            values.add(r);
        }
        return new Expr.In(left, values, negated);
    }

    private Expr function(net.sf.jsqlparser.expression.Function f, String clause, boolean aggregatesAllowed) {
        String name = f.getName() == null ? "" : f.getName().toUpperCase(Locale.ROOT);
        ExpressionList<?> args = f.getParameters();
        int n = args == null ? 0 : args.size();
        switch (name) {
            case "COUNT":
            case "SUM":
            case "AVG":
            case "MIN":
            case "MAX":
                return aggregate(f, name, args, clause, aggregatesAllowed);
            case "COALESCE":
            case "IFNULL": {
                if (n < 1 || ("IFNULL".equals(name) && n != 2)) {
                    throw fail.apply(name + "() with " + n + " arguments");
                }
                return new Expr.Coalesce(arguments(args, clause, aggregatesAllowed));
            }
            case "UPPER":
            case "UCASE":
            case "LOWER":
            case "LCASE":
                if (n != 1) {
                    throw fail.apply(name + "() takes one argument");
                }
                return new Expr.Text(name.startsWith("U") ? "UPPER" : "LOWER", arguments(args, clause, aggregatesAllowed));
            case "CONCAT":
                return new Expr.Text("CONCAT", arguments(args, clause, aggregatesAllowed));
            case "IF": {
                if (n != 3) {
                    throw fail.apply("IF() takes three arguments");
                }
                List<Expr> a = arguments(args, clause, aggregatesAllowed);
                return new Expr.Case(List.of(a.get(0)), List.of(a.get(1)), a.get(2));
            }
            default:
                throw fail.apply("function " + name + "() in " + clause + " is not supported");
        }
    }

    private List<Expr> arguments(ExpressionList<?> args, String clause, boolean aggregatesAllowed) {
        List<Expr> out = new ArrayList<>();
        if (args != null) {
            for (Object o : args) {
                out.add(compile((Expression) o, clause, aggregatesAllowed));
            }
        }
        return out;
    }

    private Expr aggregate(net.sf.jsqlparser.expression.Function f, String name, ExpressionList<?> args, String clause,
                           boolean aggregatesAllowed) {
        if (!aggregatesAllowed) {
            throw fail.apply("aggregate " + name + "() in " + clause + " is not allowed");
        }
        if (f.isUnique()) {
            throw fail.apply(name + "(UNIQUE …) is not supported");
        }
        boolean star = f.isAllColumns() || (args != null && args.size() == 1 && args.get(0) instanceof AllColumns);
        Aggregate a;
        if (star) {
            if (!"COUNT".equals(name) || f.isDistinct()) {
                throw fail.apply(name + "(*) is not supported");
            }
            a = new Aggregate(Aggregate.Kind.COUNT_ALL, null, false);
        } else {
            if (args == null || args.size() != 1) {
                throw fail.apply(name + "() takes one argument");
            }
            Expr arg = scalar((Expression) args.get(0), name + "()");
            a = new Aggregate(Aggregate.Kind.valueOf(name), arg, f.isDistinct());
        }
        int index = aggregates.indexOf(a);
        if (index < 0) {
            aggregates.add(a);
            index = aggregates.size() - 1;
        }
        boolean keepsArgument = a.kind() == Aggregate.Kind.MIN || a.kind() == Aggregate.Kind.MAX;
        return new Expr.Col(width + index, a.describe(), keepsArgument ? a.argument().collation() : null);
    }

    /** A slot's column as an expression, with the column's collation. */
    static Expr.Col column(Slots slots, int slot) {
        ColumnMapping cm = slots.column(slot);
        return new Expr.Col(slot, slots.name(slot), cm == null ? null : cm.collation());
    }
}
