package dev.shift.agent.sql;

import dev.shift.agent.mapping.TableMapping;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a write Shift cannot translate still reaches DynamoDB while MySQL is written (phases 2-3): the rows it
 * touches are found, recorded in the outbox before MySQL commits, and their MySQL state is copied into DynamoDB
 * afterwards by the outbox's compare-and-set, deletes included. This is the plan (pure data, built once per SQL
 * string by {@link CopyPlanner}); the route stage runs it. Rows are named by {@link RowScope}s: the item's key
 * columns for a top-level table, the parent's key for a child table embedded in its parent's item.
 */
public sealed interface CopyPlan {

    /**
     * UPDATE/DELETE: the rows are those a locking SELECT with the statement's own FROM, WHERE, ORDER BY and LIMIT
     * returns just before the write, in the same transaction. {@code moves}: for an UPDATE that assigns scope
     * columns, each one's new value, so the row's new item is copied as well as its old one removed.
     *
     * @param lockingSelect selects, in {@code scopeColumns} order, the values that name each row's scope
     * @param selectParams  0-based indexes of the statement's parameters the SELECT takes, in order
     */
    record Matched(TableMapping scopeTable, List<String> scopeColumns, String lockingSelect, List<Integer> selectParams,
            Map<String, ValueSource> moves) implements CopyPlan {

        public List<Object> selectParameters(List<Object> params) {
            List<Object> out = new ArrayList<>(selectParams.size());
            for (int i : selectParams) {
                out.add(i < params.size() ? params.get(i) : null);
            }
            return out;
        }

        /** The scope of one row the SELECT returned (values in {@code scopeColumns} order), or null if a key is NULL. */
        public RowScope scopeOf(List<Object> values) throws SQLException {
            return rowScope(scopeTable, scopeColumns, values);
        }

        /** Where an UPDATE moves a row: its scope with the assigned columns' new values; null when nothing moves. */
        public RowScope movedTo(RowScope before, List<Object> params) throws SQLException {
            if (moves.isEmpty()) {
                return null;
            }
            Map<String, ValueSource> sources = new HashMap<>();
            before.columns().forEach((c, v) -> sources.put(c, new ValueSource.Literal(v)));
            sources.putAll(moves);
            return scope(scopeTable, scopeColumns, sources, params);
        }
    }

    /** INSERT … VALUES naming every scope column: the rows are known from the statement's own values. */
    record Named(TableMapping scopeTable, List<String> scopeColumns, List<Map<String, ValueSource>> rows)
            implements CopyPlan {

        public List<RowScope> scopes(List<Object> params) throws SQLException {
            List<RowScope> out = new ArrayList<>(rows.size());
            for (Map<String, ValueSource> row : rows) {
                RowScope s = scope(scopeTable, scopeColumns, row, params);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /**
     * INSERT … VALUES leaving the id to MySQL: after the write, the ids are LAST_INSERT_ID() onwards (MySQL gives
     * one statement's rows consecutive ids) and {@code selectByIds} + the ids' placeholders reads their scopes.
     */
    record Generated(TableMapping scopeTable, List<String> scopeColumns, int rows, String selectByIds)
            implements CopyPlan {

        /** {@code SELECT <scope columns> FROM t WHERE id IN (?, …)} for this many ids. */
        public String selectFor(int ids) {
            return selectByIds + "(" + String.join(", ", java.util.Collections.nCopies(ids, "?")) + ")";
        }

        /** The scope of one row read back (values in {@code scopeColumns} order). */
        public RowScope scopeOf(List<Object> values) throws SQLException {
            return rowScope(scopeTable, scopeColumns, values);
        }
    }

    /** The write changes no migrated row (a multi-table UPDATE that assigns only columns of other tables). */
    record Nothing() implements CopyPlan {
    }

    /** The rows cannot be determined; {@code reason} says why. The write is counted as one DynamoDB may lack. */
    record Unknown(String reason) implements CopyPlan {
    }

    private static RowScope rowScope(TableMapping table, List<String> columns, List<Object> values)
            throws SQLException {
        Map<String, ValueSource> sources = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            sources.put(columns.get(i), new ValueSource.Literal(values.get(i)));
        }
        return scope(table, columns, sources, List.of());
    }

    private static RowScope scope(TableMapping table, List<String> columns, Map<String, ValueSource> sources,
            List<Object> params) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        for (String c : columns) {
            Object v = Keys.value(table, c, sources.get(c), params);
            if (v == null) {
                return null;   // a NULL key names no item (MySQL would refuse it in a key column anyway)
            }
            values.put(c, v);
        }
        return new RowScope(table.name(), values);
    }
}
