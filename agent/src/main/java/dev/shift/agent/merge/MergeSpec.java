package dev.shift.agent.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * What a SELECT asks of the rows it read, in MySQL's order of evaluation: {@code where} → {@code groupBy} and
 * {@code aggregates} (or one group over all rows when {@code grouped} without GROUP BY) → {@code having} →
 * {@code outputs} → {@code distinct} → {@code sorts} → {@code offset}/{@code limit}.
 *
 * <p>Slots: input rows have {@code width} values; when grouped, each group's row is its first input row followed
 * by the aggregates' values (slot {@code width + i} is aggregate i), and HAVING, outputs and sorts read that row.
 */
public record MergeSpec(int width, Expr where, List<Expr> groupBy, List<Aggregate> aggregates, boolean grouped,
                        Expr having, List<Expr> outputs, boolean distinct, List<Sort> sorts, Expr limit, Expr offset) {

    public record Sort(Expr key, boolean ascending) {
    }

    public MergeSpec {
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        outputs = List.copyOf(outputs);
        sorts = List.copyOf(sorts);
    }

    /** The merge as text: one line per stage that does something (golden files, EXPLAIN-like diagnostics). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (where != null) {
            lines.add("filter: " + where.describe());
        }
        if (grouped) {
            List<String> g = new ArrayList<>();
            groupBy.forEach(e -> g.add(e.describe()));
            List<String> a = new ArrayList<>();
            aggregates.forEach(x -> a.add(x.describe()));
            lines.add("group: " + (g.isEmpty() ? "(all rows)" : String.join(", ", g)) + " aggregates: " + String.join(", ", a));
        }
        if (having != null) {
            lines.add("having: " + having.describe());
        }
        if (distinct) {
            lines.add("distinct");
        }
        if (!sorts.isEmpty()) {
            List<String> s = new ArrayList<>();
            sorts.forEach(x -> s.add(x.key().describe() + (x.ascending() ? "" : " DESC")));
            lines.add("sort: " + String.join(", ", s));
        }
        if (limit != null) {
            lines.add("limit: " + limit.describe() + (offset == null ? "" : " offset " + offset.describe()));
        }
        return lines;
    }
}
