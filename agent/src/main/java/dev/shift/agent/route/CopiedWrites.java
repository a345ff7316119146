package dev.shift.agent.route;

import dev.shift.agent.sql.CopyPlan;
import dev.shift.agent.sql.RowScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a write Shift does not translate (phases 2-3) so that DynamoDB still gets it: the rows it touches are read
 * on the application's own connection, inside the write's transaction (a locking read, so no other transaction can
 * change which rows match before the write), then the write runs. The caller records the rows in the outbox before
 * MySQL commits; the outbox then copies their MySQL state into DynamoDB, deletes included.
 */
final class CopiedWrites {

    /** A write touching more rows than this is not followed row by row; it is reported as one DynamoDB may lack. */
    static final int MAX_ROWS = 10_000;

    /** The MySQL write itself. */
    interface Write {
        long run() throws SQLException;
    }

    /** What the write returned, and the rows it touched; {@code rows} null when they could not be followed. */
    record Result(long count, List<RowScope> rows, String reason) {
    }

    private CopiedWrites() {
    }

    /** The rows found before the write; {@code reason} set when they cannot be followed. */
    record Pending(CopyPlan plan, List<RowScope> before, String reason) {
    }

    /** Finds the rows, runs the write, completes the rows (moved keys, generated ids). Must run in a transaction. */
    static Result around(CopyPlan plan, Connection mysql, List<Object> params, Write write) throws SQLException {
        Pending pending = before(plan, mysql, params, false);
        return after(pending, mysql, params, write.run());
    }

    /**
     * Before the write: the rows a locking read finds (UPDATE/DELETE) or the statement names (INSERT). In a JDBC batch
     * ({@code inBatch}) ids MySQL generates cannot be told apart, so such an INSERT is not followed.
     */
    static Pending before(CopyPlan plan, Connection mysql, List<Object> params, boolean inBatch) throws SQLException {
        if (plan instanceof CopyPlan.Matched m) {
            List<RowScope> rows = new ArrayList<>();
            boolean tooMany = read(mysql, m.lockingSelect(), m.selectParameters(params), m.scopeColumns().size(),
                    values -> rows.add(m.scopeOf(values)));
            return new Pending(plan, rows, tooMany ? "it touched more than " + MAX_ROWS + " rows" : null);
        }
        if (plan instanceof CopyPlan.Named n) {
            return new Pending(plan, n.scopes(params), null);
        }
        if (plan instanceof CopyPlan.Generated) {
            return new Pending(plan, List.of(), inBatch ? "ids MySQL generates in a JDBC batch cannot be told apart" : null);
        }
        if (plan instanceof CopyPlan.Nothing) {
            return new Pending(plan, List.of(), null);
        }
        return new Pending(plan, List.of(), ((CopyPlan.Unknown) plan).reason());
    }

    /** After the write: the rows it touched (moved keys added, generated ids read back), or why they are unknown. */
    static Result after(Pending pending, Connection mysql, List<Object> params, long count) throws SQLException {
        if (pending.reason() != null) {
            return new Result(count, null, pending.reason());
        }
        if (pending.plan() instanceof CopyPlan.Generated g) {
            long first = lastInsertId(mysql);
            List<Object> ids = new ArrayList<>();
            for (int i = 0; i < g.rows(); i++) {
                ids.add(first + i);
            }
            List<RowScope> rows = new ArrayList<>();
            read(mysql, g.selectFor(ids.size()), ids, g.scopeColumns().size(), values -> rows.add(g.scopeOf(values)));
            rows.removeIf(java.util.Objects::isNull);
            return new Result(count, rows, null);
        }
        Set<RowScope> rows = new LinkedHashSet<>();
        for (RowScope s : pending.before()) {
            if (s != null) {
                rows.add(s);
                RowScope moved = pending.plan() instanceof CopyPlan.Matched m ? m.movedTo(s, params) : null;
                if (moved != null) {
                    rows.add(moved);
                }
            }
        }
        return new Result(count, List.copyOf(rows), null);
    }

    private interface RowSink {
        void accept(List<Object> values) throws SQLException;
    }

    /** Runs a SELECT; true if it returned more than {@link #MAX_ROWS} rows (the rest is not read). */
    private static boolean read(Connection mysql, String sql, List<Object> params, int columns, RowSink sink)
            throws SQLException {
        try (PreparedStatement ps = mysql.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    if (++n > MAX_ROWS) {
                        return true;
                    }
                    List<Object> values = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        values.add(rs.getObject(c));
                    }
                    sink.accept(values);
                }
            }
        }
        return false;
    }

    /** The AUTO_INCREMENT value MySQL just assigned on this connection; works whether or not the app asked for keys. */
    static long lastInsertId(Connection mysql) throws SQLException {
        try (Statement st = mysql.createStatement(); ResultSet rs = st.executeQuery("SELECT LAST_INSERT_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
