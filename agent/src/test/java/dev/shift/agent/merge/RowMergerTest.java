package dev.shift.agent.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shift.agent.merge.Expr.Col;
import dev.shift.agent.merge.Expr.Compare;
import dev.shift.agent.merge.Expr.CompareOp;
import dev.shift.agent.merge.Expr.Literal;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge stage against MySQL's documented semantics (three-valued logic, result types, NULL ordering). */
class RowMergerTest {
    private static final Col ID = new Col(0, "id");
    private static final Col STATUS = new Col(1, "status");
    private static final Col AMOUNT = new Col(2, "amount");

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, "PLACED", new BigDecimal("12.50")});
        rows.add(new Object[] {2L, null, new BigDecimal("4.00")});
        rows.add(new Object[] {3L, "PLACED", null});
        rows.add(new Object[] {4L, "CANCELLED", new BigDecimal("31.99")});
        return rows;
    }

    private static List<Object> column(List<Object[]> rows, int i) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r[i]));
        return out;
    }

    private static MergeSpec select(Expr where, List<Expr> outputs, List<MergeSpec.Sort> sorts) {
        return new MergeSpec(3, where, List.of(), List.of(), false, null, outputs, false, sorts, null, null);
    }

    @Test
    void unknownIsNotTrue() throws SQLException {
        // status <> 'PLACED' is unknown for the NULL status: the row is not selected, nor by NOT (…)
        Expr notPlaced = new Compare(CompareOp.NE, STATUS, new Literal("PLACED"));
        assertEquals(List.of(4L), column(RowMerger.merge(select(notPlaced, List.of(ID), List.of()), rows(), List.of()), 0));
        Expr not = new Expr.Not(new Compare(CompareOp.EQ, STATUS, new Literal("PLACED")));
        assertEquals(List.of(4L), column(RowMerger.merge(select(not, List.of(ID), List.of()), rows(), List.of()), 0));
        // NOT IN with a NULL in the list selects nothing; IN with a NULL still finds its matches
        Expr notIn = new Expr.In(List.of(ID), List.of(List.of(new Literal(1L)), List.of(new Literal(null))), true);
        assertEquals(List.of(), RowMerger.merge(select(notIn, List.of(ID), List.of()), rows(), List.of()));
        Expr in = new Expr.In(List.of(ID), List.of(List.of(new Literal(1L)), List.of(new Literal(null))), false);
        assertEquals(List.of(1L), column(RowMerger.merge(select(in, List.of(ID), List.of()), rows(), List.of()), 0));
        // FALSE OR unknown is unknown; TRUE OR unknown is TRUE
        Expr or = new Expr.Or(new Compare(CompareOp.EQ, ID, new Literal(3L)), new Compare(CompareOp.EQ, STATUS, new Literal("X")));
        assertEquals(List.of(3L), column(RowMerger.merge(select(or, List.of(ID), List.of()), rows(), List.of()), 0));
    }

    @Test
    void orderByPutsNullFirstAscendingAndLastDescending() throws SQLException {
        MergeSpec asc = select(null, List.of(ID), List.of(new MergeSpec.Sort(STATUS, true), new MergeSpec.Sort(ID, false)));
        assertEquals(List.of(2L, 4L, 3L, 1L), column(RowMerger.merge(asc, rows(), List.of()), 0));
        MergeSpec desc = select(null, List.of(ID), List.of(new MergeSpec.Sort(AMOUNT, false)));
        assertEquals(List.of(4L, 1L, 2L, 3L), column(RowMerger.merge(desc, rows(), List.of()), 0));
    }

    @Test
    void aggregatesFollowMysqlResultTypesAndNulls() throws SQLException {
        List<Aggregate> aggs = List.of(new Aggregate(Aggregate.Kind.COUNT_ALL, null, false),
                new Aggregate(Aggregate.Kind.COUNT, STATUS, false),
                new Aggregate(Aggregate.Kind.COUNT, STATUS, true),
                new Aggregate(Aggregate.Kind.SUM, AMOUNT, false),
                new Aggregate(Aggregate.Kind.AVG, AMOUNT, false),
                new Aggregate(Aggregate.Kind.SUM, ID, false),
                new Aggregate(Aggregate.Kind.MAX, STATUS, false));
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < aggs.size(); i++) {
            out.add(new Col(3 + i, "agg" + i));
        }
        MergeSpec all = new MergeSpec(3, null, List.of(), aggs, true, null, out, false, List.of(), null, null);
        Object[] r = RowMerger.merge(all, rows(), List.of()).get(0);
        assertEquals(Arrays.asList(4L, 3L, 2L, new BigDecimal("48.49"), new BigDecimal("16.163333"), new BigDecimal("10"), "PLACED"),
                Arrays.asList(r));
        // over no rows: one row, COUNT 0, the others NULL; with GROUP BY: no row at all
        Object[] none = RowMerger.merge(all, List.of(), List.of()).get(0);
        assertEquals(Arrays.asList(0L, 0L, 0L, null, null, null, null), Arrays.asList(none));
        MergeSpec grouped = new MergeSpec(3, null, List.of(STATUS), aggs, true, null, out, false, List.of(), null, null);
        assertEquals(List.of(), RowMerger.merge(grouped, List.of(), List.of()));
        // GROUP BY puts the NULLs in one group
        assertEquals(3, RowMerger.merge(grouped, rows(), List.of()).size());
    }

    @Test
    void arithmeticKeepsMysqlTypesAndLimits() throws SQLException {
        Object[] row = {7L, 3, new BigDecimal("2.50")};
        assertEquals(21L, new Expr.Arithmetic('*', new Col(0, "a"), new Col(1, "b")).eval(row, List.of()));
        assertEquals(new BigDecimal("2.3333"), new Expr.Arithmetic('/', new Col(0, "a"), new Col(1, "b")).eval(row, List.of()));
        assertNull(new Expr.Arithmetic('/', new Col(0, "a"), new Literal(0L)).eval(row, List.of()), "x / 0 is NULL");
        assertEquals(new BigDecimal("7.50"), new Expr.Arithmetic('*', new Col(2, "c"), new Col(1, "b")).eval(row, List.of()));
        SQLException overflow = assertThrows(SQLException.class, () -> new Expr.Arithmetic('+', new Literal(Long.MAX_VALUE),
                new Literal(1L)).eval(row, List.of()));
        assertEquals("22003", overflow.getSQLState());
    }

    @Test
    void comparisonsAcrossJavaTypesFollowMysql() {
        assertEquals(0, SqlValues.compare(3L, new BigDecimal("3.00")));
        assertEquals(0, SqlValues.compare(3, "3"), "a number and a string compare as numbers");
        assertEquals(0, SqlValues.compare(Timestamp.valueOf("2026-11-26 17:40:00"), "2026-11-26 17:40:00"));
        assertEquals(0, SqlValues.compare(true, 1L));
        assertEquals(SqlValues.groupKey(3L), SqlValues.groupKey(new BigDecimal("3.0")));
    }

    @Test
    void likeMatchesPercentUnderscoreAndEscapes() {
        assertEquals(true, SqlValues.like("Teapot", "T%", '\\'));
        assertEquals(true, SqlValues.like("Tea", "T_a", '\\'));
        assertEquals(false, SqlValues.like("Tea", "T_", '\\'));
        assertEquals(true, SqlValues.like("50%", "50\\%", '\\'));
        assertEquals(false, SqlValues.like("500", "50\\%", '\\'));
        assertEquals(true, SqlValues.like("", "%", '\\'));
    }

    @Test
    void limitAndOffsetMustBeWholeNonNegativeNumbers() throws SQLException {
        MergeSpec page = new MergeSpec(3, null, List.of(), List.of(), false, null, List.of(ID), false,
                List.of(new MergeSpec.Sort(ID, true)), new Expr.Param(0), new Expr.Param(1));
        assertEquals(List.of(2L, 3L), column(RowMerger.merge(page, rows(), List.of(2, 1)), 0));
        assertEquals(List.of(), RowMerger.merge(page, rows(), List.of(2, 9)));
        assertEquals("42000", assertThrows(SQLException.class, () -> RowMerger.merge(page, rows(), List.of(-1, 0))).getSQLState());
        assertEquals("07001", assertThrows(SQLException.class, () -> RowMerger.merge(page, rows(), List.of(1))).getSQLState());
    }

    @Test
    void aColumnsCollationDecidesEqualityOrderGroupsDistinctMinAndLike() throws SQLException {
        Col name = new Col(1, "name", dev.shift.agent.collation.Collation.of("utf8mb4_general_ci"));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, "bob", null});
        rows.add(new Object[] {2L, "Alice", null});
        rows.add(new Object[] {3L, "BOB ", null});
        rows.add(new Object[] {4L, "carol", null});
        // = and IN find every spelling MySQL's general_ci finds; a literal's case and trailing spaces do not matter
        Expr eq = new Compare(CompareOp.EQ, name, new Literal("Bob"));
        assertEquals(List.of(1L, 3L), column(RowMerger.merge(select(eq, List.of(ID), List.of()), rows, List.of()), 0));
        Expr in = new Expr.In(List.of(name), List.of(List.of(new Literal("ALICE  "))), false);
        assertEquals(List.of(2L), column(RowMerger.merge(select(in, List.of(ID), List.of()), rows, List.of()), 0));
        Expr like = new Expr.Like(name, new Literal("B%"), '\\', false);
        assertEquals(List.of(1L, 3L), column(RowMerger.merge(select(like, List.of(ID), List.of()), rows, List.of()), 0));
        // ORDER BY: Alice, bob/BOB (a tie, kept in read order), carol; binary order would put every capital first
        List<Object[]> sorted = RowMerger.merge(select(null, List.of(ID), List.of(new MergeSpec.Sort(name, true))), rows, List.of());
        assertEquals(List.of(2L, 1L, 3L, 4L), column(sorted, 0));
        // DISTINCT and GROUP BY: one bob (bob and BOB , in the first group seen)
        MergeSpec distinct = new MergeSpec(3, null, List.of(), List.of(), false, null, List.of(name), true, List.of(), null, null);
        assertEquals(3, RowMerger.merge(distinct, rows, List.of()).size());
        Aggregate count = new Aggregate(Aggregate.Kind.COUNT_ALL, null, false);
        MergeSpec grouped = new MergeSpec(3, null, List.of(name), List.of(count), true, null,
                List.of(name, new Col(3, "COUNT(*)")), false, List.of(), null, null);
        assertEquals(List.of(2L, 1L, 1L), column(RowMerger.merge(grouped, rows, List.of()), 1));
        // MIN / MAX by the collation
        Aggregate min = new Aggregate(Aggregate.Kind.MIN, name, false);
        Aggregate max = new Aggregate(Aggregate.Kind.MAX, name, false);
        MergeSpec minMax = new MergeSpec(3, null, List.of(), List.of(min, max), true, null,
                List.of(new Col(3, "MIN(name)"), new Col(4, "MAX(name)")), false, List.of(), null, null);
        Object[] answer = RowMerger.merge(minMax, rows, List.of()).get(0);
        assertEquals(List.of("Alice", "carol"), Arrays.asList(answer));
        // without a collation strings compare exactly, as before
        Expr exact = new Compare(CompareOp.EQ, new Col(1, "name"), new Literal("Bob"));
        assertEquals(List.of(), RowMerger.merge(select(exact, List.of(ID), List.of()), rows, List.of()));
    }
}
