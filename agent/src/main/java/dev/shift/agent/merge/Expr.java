package dev.shift.agent.merge;

import dev.shift.agent.collation.Collation;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * An expression over one row, evaluated with MySQL's semantics: a predicate gives TRUE, FALSE or NULL
 * (unknown), arithmetic on NULL is NULL. {@code row} holds the values of the row being evaluated (the slots
 * the planner assigned); {@code params} the statement's JDBC parameters (0-based).
 */
public sealed interface Expr {

    Object eval(Object[] row, List<Object> params) throws SQLException;

    /** The expression as the plan shows it (golden files, diagnostics). */
    String describe();

    /**
     * The collation the value's strings compare by: its column's (MySQL's "implicit" derivation, which wins over a
     * parameter's or a literal's), or null when none is known (strings then compare exactly).
     */
    default Collation collation() {
        return null;
    }

    /** The collation a comparison of {@code a} and {@code b} uses: a column's, whichever side it is on. */
    private static Collation between(Expr a, Expr b) {
        return a.collation() != null ? a.collation() : b.collation();
    }

    /** How a predicate selects rows: only TRUE does (FALSE and unknown do not). */
    default boolean test(Object[] row, List<Object> params) throws SQLException {
        return Boolean.TRUE.equals(SqlValues.truth(eval(row, params)));
    }

    /** The value in one slot of the row; {@code collation} is its column's (null: none declared). */
    record Col(int slot, String name, Collation collation) implements Expr {
        public Col(int slot, String name) {
            this(slot, name, null);
        }

        @Override
        public Object eval(Object[] row, List<Object> params) {
            return row[slot];
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** A JDBC parameter, 0-based. */
    record Param(int index) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            if (index >= params.size()) {
                throw new SQLException("No value specified for parameter " + (index + 1), "07001");
            }
            return params.get(index);
        }

        @Override
        public String describe() {
            return "?" + (index + 1);
        }
    }

    record Literal(Object value) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) {
            return value;
        }

        @Override
        public String describe() {
            return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        }
    }

    /**
     * A value converted to a column's type before it is compared with that column (a parameter bound as a string
     * compared with a DATETIME column), failing with SQLState 22018 when it cannot be.
     */
    record Coerce(Expr value, Conversion conversion, String target) implements Expr {
        /** The column type's conversion of a non-NULL value. */
        public interface Conversion {
            Object apply(Object value);
        }

        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object v = value.eval(row, params);
            if (v == null) {
                return null;
            }
            try {
                return conversion.apply(v);
            } catch (RuntimeException e) {
                throw new SQLException("Shift: value " + value.describe() + " = '" + v + "' is not a valid " + target, "22018", e);
            }
        }

        @Override
        public String describe() {
            return value.describe();
        }
    }

    enum CompareOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), NULL_SAFE_EQ("<=>");

        final String sql;

        CompareOp(String sql) {
            this.sql = sql;
        }

        boolean holds(int c) {
            switch (this) {
                case EQ:
                case NULL_SAFE_EQ: return c == 0;
                case NE: return c != 0;
                case LT: return c < 0;
                case LE: return c <= 0;
                case GT: return c > 0;
                default: return c >= 0;
            }
        }
    }

    record Compare(CompareOp op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object a = left.eval(row, params);
            Object b = right.eval(row, params);
            if (a == null || b == null) {
                return op == CompareOp.NULL_SAFE_EQ ? a == b : null;
            }
            return op.holds(SqlValues.compare(a, b, between(left, right)));
        }

        @Override
        public String describe() {
            return left.describe() + " " + op.sql + " " + right.describe();
        }
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Boolean a = SqlValues.truth(left.eval(row, params));
            if (Boolean.FALSE.equals(a)) {
                return false;
            }
            Boolean b = SqlValues.truth(right.eval(row, params));
            if (Boolean.FALSE.equals(b)) {
                return false;
            }
            return a == null || b == null ? null : true;
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " AND " + right.describe() + ")";
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Boolean a = SqlValues.truth(left.eval(row, params));
            if (Boolean.TRUE.equals(a)) {
                return true;
            }
            Boolean b = SqlValues.truth(right.eval(row, params));
            if (Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : false;
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " OR " + right.describe() + ")";
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Boolean a = SqlValues.truth(operand.eval(row, params));
            return a == null ? null : !a;
        }

        @Override
        public String describe() {
            return "NOT " + operand.describe();
        }
    }

    record IsNull(Expr operand, boolean negated) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            return (operand.eval(row, params) == null) != negated;
        }

        @Override
        public String describe() {
            return operand.describe() + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** {@code (a, b) IN ((x, y), …)}; a single value is a row of one. */
    record In(List<Expr> left, List<List<Expr>> rows, boolean negated) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object[] l = new Object[left.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = left.get(i).eval(row, params);
            }
            boolean unknown = false;
            for (List<Expr> candidate : rows) {
                Boolean eq = true;
                for (int i = 0; i < l.length && !Boolean.FALSE.equals(eq); i++) {
                    Object r = candidate.get(i).eval(row, params);
                    if (l[i] == null || r == null) {
                        eq = null;
                    } else if (SqlValues.compare(l[i], r, between(left.get(i), candidate.get(i))) != 0) {
                        eq = false;
                    }
                }
                if (Boolean.TRUE.equals(eq)) {
                    return !negated;
                }
                unknown |= eq == null;
            }
            return unknown ? null : negated;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder(tuple(left)).append(negated ? " NOT IN (" : " IN (");
            for (int i = 0; i < rows.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(tuple(rows.get(i)));
            }
            return sb.append(')').toString();
        }

        private static String tuple(List<Expr> values) {
            if (values.size() == 1) {
                return values.get(0).describe();
            }
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(values.get(i).describe());
            }
            return sb.append(')').toString();
        }
    }

    record Between(Expr operand, Expr low, Expr high, boolean negated) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object inside = new And(new Compare(CompareOp.GE, operand, low), new Compare(CompareOp.LE, operand, high))
                    .eval(row, params);
            return inside == null ? null : negated != (Boolean) inside;
        }

        @Override
        public String describe() {
            return operand.describe() + (negated ? " NOT" : "") + " BETWEEN " + low.describe() + " AND " + high.describe();
        }
    }

    record Like(Expr operand, Expr pattern, char escape, boolean negated) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object v = operand.eval(row, params);
            Object p = pattern.eval(row, params);
            if (v == null || p == null) {
                return null;
            }
            Collation c = operand.collation();
            String value = SqlValues.text(v);
            String like = SqlValues.text(p);
            return negated != (c == null ? SqlValues.like(value, like, escape) : SqlValues.like(c.likeText(value), c.likeText(like), escape));
        }

        @Override
        public String describe() {
            return operand.describe() + (negated ? " NOT LIKE " : " LIKE ") + pattern.describe();
        }
    }

    /** COALESCE(a, b, …) and IFNULL(a, b): the first value that is not NULL. */
    record Coalesce(List<Expr> values) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            for (Expr e : values) {
                Object v = e.eval(row, params);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("COALESCE(");
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(values.get(i).describe());
            }
            return sb.append(')').toString();
        }
    }

    /** + - * / % ; MySQL's result types (see {@link SqlValues#arithmetic}). */
    record Arithmetic(char op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            try {
                return SqlValues.arithmetic(op, left.eval(row, params), right.eval(row, params));
            } catch (ArithmeticException e) {
                throw new SQLException("Shift: " + e.getMessage(), "22003", 1690, e);
            }
        }

        @Override
        public String describe() {
            return "(" + left.describe() + " " + op + " " + right.describe() + ")";
        }
    }

    record Negate(Expr operand) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Object v = operand.eval(row, params);
            return v == null ? null : SqlValues.arithmetic('-', 0L, v);
        }

        @Override
        public String describe() {
            return "-" + operand.describe();
        }
    }

    /** UPPER / LOWER / CONCAT: the string functions applications put in select lists and predicates. */
    record Text(String function, List<Expr> args) implements Expr {
        @Override
        public Collation collation() {
            for (Expr e : args) {
                if (e.collation() != null) {
                    return e.collation();
                }
            }
            return null;
        }

        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            StringBuilder sb = new StringBuilder();
            for (Expr e : args) {
                Object v = e.eval(row, params);
                if (v == null) {
                    return null;
                }
                sb.append(SqlValues.text(v));
            }
            switch (function) {
                case "UPPER": return sb.toString().toUpperCase(Locale.ROOT);
                case "LOWER": return sb.toString().toLowerCase(Locale.ROOT);
                default: return sb.toString();
            }
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder(function).append('(');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(args.get(i).describe());
            }
            return sb.append(')').toString();
        }
    }

    /**
     * {@code CASE WHEN c THEN v … ELSE e END}, {@code CASE x WHEN w THEN v … END} (the simple form compiles to
     * {@code x = w} conditions) and {@code IF(c, v, e)}: the value of the first condition that is TRUE, else the ELSE
     * value (NULL without one).
     */
    record Case(List<Expr> conditions, List<Expr> values, Expr otherwise) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).test(row, params)) {
                    return values.get(i).eval(row, params);
                }
            }
            return otherwise == null ? null : otherwise.eval(row, params);
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 0; i < conditions.size(); i++) {
                sb.append(" WHEN ").append(conditions.get(i).describe()).append(" THEN ").append(values.get(i).describe());
            }
            return sb.append(otherwise == null ? "" : " ELSE " + otherwise.describe()).append(" END").toString();
        }
    }

    /** A predicate in a select list: MySQL answers 1, 0 or NULL (a BIGINT), not a boolean. */
    record AsNumber(Expr predicate) implements Expr {
        @Override
        public Object eval(Object[] row, List<Object> params) throws SQLException {
            Boolean b = SqlValues.truth(predicate.eval(row, params));
            return b == null ? null : b ? 1L : 0L;
        }

        @Override
        public String describe() {
            return predicate.describe();
        }
    }
}
