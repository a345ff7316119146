package dev.shift.agent.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One aggregate of a SELECT: {@code COUNT(*)}, {@code COUNT([DISTINCT] x)}, SUM, AVG, MIN, MAX. */
public record Aggregate(Kind kind, Expr argument, boolean distinct) {

    public enum Kind { COUNT_ALL, COUNT, SUM, AVG, MIN, MAX }

    public String describe() {
        String name = kind == Kind.COUNT_ALL ? "COUNT" : kind.name();
        return name + "(" + (distinct ? "DISTINCT " : "") + (argument == null ? "*" : argument.describe()) + ")";
    }

    Accumulator start() {
        return new Accumulator();
    }

    /** The running value of this aggregate over one group. */
    final class Accumulator {
        private long count;
        private BigDecimal sum;
        private double doubleSum;
        private boolean doubles;
        private Object best;
        private int scale;
        private final Set<Object> seen = distinct ? new HashSet<>() : null;

        void add(Object[] row, List<Object> params) throws SQLException {
            if (kind == Kind.COUNT_ALL) {
                count++;
                return;
            }
            Object v = argument.eval(row, params);
            if (v == null || (seen != null && !seen.add(SqlValues.groupKey(v, argument.collation())))) {
                return;
            }
            count++;
            switch (kind) {
                case SUM:
                case AVG:
                    if (v instanceof Double || v instanceof Float) {
                        doubles = true;
                        doubleSum += ((Number) v).doubleValue();
                    } else {
                        BigDecimal d = SqlValues.number(v);
                        scale = Math.max(scale, Math.max(d.scale(), 0));
                        sum = sum == null ? d : sum.add(d);
                    }
                    break;
                case MIN:
                    if (best == null || SqlValues.compare(v, best, argument.collation()) < 0) {
                        best = v;
                    }
                    break;
                case MAX:
                    if (best == null || SqlValues.compare(v, best, argument.collation()) > 0) {
                        best = v;
                    }
                    break;
                default:
                    break;
            }
        }

        /** MySQL's answer: COUNT a BIGINT; SUM and AVG of exact numbers DECIMAL (AVG 4 more digits); NULL over no values. */
        Object result() {
            switch (kind) {
                case COUNT_ALL:
                case COUNT:
                    return count;
                case SUM:
                    if (count == 0) {
                        return null;
                    }
                    return doubles ? (Object) (doubleSum + (sum == null ? 0 : sum.doubleValue())) : sum;
                case AVG:
                    if (count == 0) {
                        return null;
                    }
                    if (doubles) {
                        return (doubleSum + (sum == null ? 0 : sum.doubleValue())) / count;
                    }
                    return sum.divide(BigDecimal.valueOf(count), scale + SqlValues.DIV_SCALE_INCREMENT, RoundingMode.HALF_UP);
                default:
                    return best;
            }
        }
    }
}
