package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.ColumnType;
import dev.shift.agent.merge.Aggregate;
import dev.shift.agent.merge.Expr;
import dev.shift.agent.merge.RowSet;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.List;

/** The metadata of a SELECT's result columns, as MySQL describes them: the column's own, or the expression's type. */
final class ResultTypes {
    private ResultTypes() {
    }

    /** A result column's metadata as MySQL would describe it. */
    static ReadPlan.Output output(String label, Expr e, Scope scope, List<Aggregate> aggregates) {
        if (e instanceof Expr.Col c && c.slot() < scope.width() && scope.column(c.slot()) == null) {
            return new ReadPlan.Output(label, null, c.slot() - scope.columnNames.size());
        }
        if (e instanceof Expr.Col c && c.slot() < scope.width()) {
            ColumnMapping cm = scope.column(c.slot());
            int scale = cm.type() == ColumnType.DECIMAL ? cm.scale() : 0;   // Connector/J reports DATETIME(3) with scale 0
            return new ReadPlan.Output(label, new RowSet.Column(label, cm.column(), scope.tableLabel(c.slot()), cm.type().sqlType(),
                    cm.type().sqlTypeName(), scale), -1);
        }
        if (e instanceof Expr.Col c && c.slot() >= scope.width()) {
            Aggregate a = aggregates.get(c.slot() - scope.width());
            if ((a.kind() == Aggregate.Kind.MIN || a.kind() == Aggregate.Kind.MAX) && a.argument() instanceof Expr.Col arg
                    && arg.slot() < scope.width() && scope.column(arg.slot()) == null) {
                return new ReadPlan.Output(label, null, arg.slot() - scope.columnNames.size());
            }
        }
        Type t = type(e, scope, aggregates);
        return new ReadPlan.Output(label, new RowSet.Column(label, label, "", t.sqlType, t.name, t.scale), -1);
    }

    private record Type(int sqlType, String name, int scale) {
        static final Type BIGINT = new Type(Types.BIGINT, "BIGINT", 0);
        static final Type VARCHAR = new Type(Types.VARCHAR, "VARCHAR", 0);

        static Type decimal(int scale) {
            return new Type(Types.DECIMAL, "DECIMAL", scale);
        }

        boolean isInteger() {
            return sqlType == Types.BIGINT || sqlType == Types.INTEGER;
        }
    }

    /** MySQL's result type of an expression: integers stay BIGINT, exact arithmetic is DECIMAL with MySQL's scale. */
    private static Type type(Expr e, Scope scope, List<Aggregate> aggregates) {
        if (e instanceof Expr.Col c) {
            if (c.slot() >= scope.width()) {
                Aggregate a = aggregates.get(c.slot() - scope.width());
                switch (a.kind()) {
                    case COUNT_ALL:
                    case COUNT:
                        return Type.BIGINT;
                    case SUM:
                        return Type.decimal(type(a.argument(), scope, aggregates).scale);
                    case AVG:
                        return Type.decimal(type(a.argument(), scope, aggregates).scale + 4);
                    default:
                        return type(a.argument(), scope, aggregates);
                }
            }
            ColumnMapping cm = scope.column(c.slot());
            if (cm == null) {
                return Type.decimal(0);   // a column of the joined table: MySQL's own metadata is not known at plan time
            }
            return new Type(cm.type().sqlType(), cm.type().sqlTypeName(), cm.type() == ColumnType.DECIMAL ? cm.scale() : 0);
        }
        if (e instanceof Expr.Literal lit) {
            if (lit.value() instanceof Long l) {
                // MySQL types an integer literal INT when it fits (BIGINT beyond); arithmetic on it is BIGINT anyway
                return l == l.intValue() ? new Type(Types.INTEGER, "INT", 0) : Type.BIGINT;
            }
            if (lit.value() instanceof BigDecimal d) {
                return Type.decimal(Math.max(d.scale(), 0));
            }
            return lit.value() == null ? new Type(Types.NULL, "NULL", 0) : Type.VARCHAR;
        }
        if (e instanceof Expr.Arithmetic a) {
            Type l = type(a.left(), scope, aggregates);
            Type r = type(a.right(), scope, aggregates);
            if (a.op() == '/') {
                return Type.decimal(l.scale + 4);
            }
            if (l.isInteger() && r.isInteger()) {
                return Type.BIGINT;
            }
            return Type.decimal(a.op() == '*' ? l.scale + r.scale : Math.max(l.scale, r.scale));
        }
        if (e instanceof Expr.Negate n) {
            return type(n.operand(), scope, aggregates);
        }
        if (e instanceof Expr.Coalesce c) {
            for (Expr v : c.values()) {
                if (!(v instanceof Expr.Literal lit && lit.value() == null)) {
                    return type(v, scope, aggregates);
                }
            }
        }
        if (e instanceof Expr.Case c) {
            for (Expr v : c.values()) {
                if (!(v instanceof Expr.Literal lit && lit.value() == null)) {
                    return type(v, scope, aggregates);
                }
            }
        }
        if (e instanceof Expr.Coerce c) {
            return type(c.value(), scope, aggregates);
        }
        if (e instanceof Expr.AsNumber) {
            return new Type(Types.INTEGER, "INT", 0);   // a predicate's 1/0/NULL: MySQL and MariaDB type it int(1)
        }
        return Type.VARCHAR;
    }
}
