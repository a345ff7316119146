package dev.shift.agent.sql;

import dev.shift.agent.item.ReadRequest;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.mapping.TableMapping;
import dev.shift.agent.merge.Expr;
import dev.shift.agent.merge.MergeSpec;
import dev.shift.agent.merge.RowMerger;
import dev.shift.agent.merge.RowSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SELECT answered from DynamoDB, as data (no I/O): which items to read ({@link #requests}, bounded by keys),
 * how they become rows of the migrated table (embedded children exploded from their parent item), the table
 * that stays in MySQL to join ({@link Join}), and what the merge stage does with the rows ({@link #merge()}).
 * The executor does the reading; see {@code dev.shift.agent.execute.ReadExecution}.
 *
 * <p>Row slots: the migrated table's columns in mapping order, then the joined table's columns the statement names.
 */
public final class ReadPlan implements StatementPlan {

    /**
     * The non-migrated side of a JOIN: read from MySQL by {@code joinColumn IN (…)} and joined in memory, keys
     * matched under the migrated column's collation (null: exactly).
     */
    public record Join(String tableSql, String qualifier, int leftSlot, String leftName, List<String> columns, int joinIndex,
                       boolean outer, dev.shift.agent.collation.Collation collation) {

        /** The MySQL query for {@code n} join keys ({@code WHERE 1 = 0} for none, so the metadata is still right). */
        public String sql(int n) {
            StringBuilder sb = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(qualifier).append(".`").append(columns.get(i)).append('`');
            }
            sb.append(" FROM ").append(tableSql).append(' ').append(qualifier).append(" WHERE ");
            if (n == 0) {
                return sb.append("1 = 0").toString();
            }
            sb.append(qualifier).append(".`").append(columns.get(joinIndex)).append("` IN (");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "?" : ", ?");
            }
            return sb.append(')').toString();
        }
    }

    /** The rows embedded in the read table's items, joined to their parent row (a LEFT join keeps childless parents). */
    public record Children(TableMapping table, boolean outer) {
    }

    /**
     * One result column's metadata: fixed by the mapping or the expression ({@code column}), or taken from the
     * joined table's column {@code rightIndex} as MySQL describes it.
     */
    public record Output(String label, RowSet.Column column, int rightIndex) {
    }

    private final String sql;
    private final Mapping mapping;
    private final TableMapping table;
    private final Access access;
    private final Join join;
    private final Children children;
    private final List<Output> outputs;
    private final MergeSpec merge;
    private final boolean forward;
    private final boolean pushLimit;
    private final boolean locking;
    private final boolean countsOnly;

    ReadPlan(String sql, Mapping mapping, TableMapping table, Access access, Join join, Children children,
             List<Output> outputs, MergeSpec merge, boolean forward, boolean pushLimit, boolean locking,
             boolean countsOnly) {
        this.sql = sql;
        this.mapping = mapping;
        this.table = table;
        this.access = access;
        this.join = join;
        this.children = children;
        this.outputs = List.copyOf(outputs);
        this.merge = merge;
        this.forward = forward;
        this.pushLimit = pushLimit;
        this.locking = locking;
        this.countsOnly = countsOnly;
    }

    @Override
    public String sql() {
        return sql;
    }

    /** The migrated table this SELECT reads. */
    public String table() {
        return table.name();
    }

    public Mapping mapping() {
        return mapping;
    }

    /** The table whose rows the statement reads (embedded children are exploded from their parent's item). */
    public TableMapping rowTable() {
        return table;
    }

    /** The table whose items are read: the row table, or its parent when the rows are embedded. */
    public TableMapping itemTable() {
        return access.table;
    }

    /** The MySQL side of a JOIN, or null. */
    public Join join() {
        return join;
    }

    /** {@code FOR UPDATE} / {@code FOR SHARE}: in a transaction, what it reads must be unchanged at COMMIT. */
    public boolean locking() {
        return locking;
    }

    /**
     * The statement is {@code COUNT(*)} of the rows its one partition Query finds, nothing else: DynamoDB counts the
     * items ({@link dev.shift.agent.dynamo.ItemReader#count}) and the merge starts from that count.
     */
    public boolean countsOnly() {
        return countsOnly;
    }

    /** The embedded rows joined to each row, or null. */
    public Children children() {
        return children;
    }

    public MergeSpec merge() {
        return merge;
    }

    /**
     * The DynamoDB reads for these parameters: one per key alternative ({@code id IN (…)}), none when a NULL key
     * value means no row can match.
     */
    public List<ReadRequest> requests(List<Object> params) throws SQLException {
        Integer limit = null;
        if (pushLimit) {
            long n = RowMerger.count(merge.limit(), params) + (merge.offset() == null ? 0 : RowMerger.count(merge.offset(), params));
            limit = (int) Math.min(Integer.MAX_VALUE, n);
        }
        return access.requests(params, forward, limit);
    }

    /** The result's column metadata; {@code right} is the joined table's as MySQL described it (null without a join). */
    public List<RowSet.Column> columns(List<RowSet.Column> right) {
        List<RowSet.Column> cols = new ArrayList<>(outputs.size());
        for (Output o : outputs) {
            if (o.rightIndex() >= 0) {
                RowSet.Column rc = right.get(o.rightIndex());
                cols.add(new RowSet.Column(o.label(), rc.name(), join.qualifier(), rc.sqlType(), rc.typeName(), rc.scale()));
            } else {
                cols.add(o.column());
            }
        }
        return Collections.unmodifiableList(cols);
    }

    /** The whole plan for these parameters as text (golden tests, diagnostics). */
    public String describe(List<Object> params) throws SQLException {
        List<ReadRequest> requests = requests(params);
        StringBuilder sb = new StringBuilder();
        if (requests.isEmpty()) {
            sb.append("(no read: NULL key)");
        }
        for (int i = 0; i < requests.size(); i++) {
            sb.append(i == 0 ? "" : "\n  ").append(requests.get(i).describe(mapping.tableName()));
        }
        if (table.isEmbedded()) {
            sb.append("\n  rows: ").append(table.name()).append(" from ").append(table.embedding().get().parentTable())
                    .append('.').append(table.embedding().get().attribute());
        }
        if (children != null) {
            sb.append("\n  join ").append(children.outer() ? "left " : "").append(children.table().name()).append(" from ")
                    .append(table.name()).append('.').append(children.table().embedding().get().attribute());
        }
        if (join != null) {
            sb.append("\n  join ").append(join.outer() ? "left " : "").append("mysql: ")
                    .append(join.sql(1).replace("IN (?)", "IN (<keys>)")).append(" on ").append(join.leftName());
        }
        if (countsOnly) {
            sb.append("\n  count only: DynamoDB counts the items (Select COUNT), none is sent");
        } else {
            for (String line : merge.describe()) {
                sb.append("\n  ").append(line);
            }
        }
        List<String> o = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Expr e = merge.outputs().get(i);
            String label = outputs.get(i).label();
            o.add(e.describe().equals(label) || (e instanceof Expr.Col c && c.name().endsWith("." + label)) ? label
                    : e.describe() + " AS " + label);
        }
        sb.append("\n  columns: ").append(String.join(", ", o));
        if (locking) {
            sb.append("\n  locking: unchanged at COMMIT");
        }
        return sb.toString();
    }
}
