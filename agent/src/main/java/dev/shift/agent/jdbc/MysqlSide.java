package dev.shift.agent.jdbc;

import dev.shift.agent.dynamo.MysqlRows;
import dev.shift.agent.merge.RowSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The engine's view of tables that stay in MySQL (the other side of a JOIN), read on a plain driver
 * connection, never routed again: the application's own (so it sees its uncommitted changes), or one of
 * Shift's for a shadow read.
 */
public final class MysqlSide implements MysqlRows {

    private final Connection delegate;

    public MysqlSide(Connection delegate) {
        this.delegate = delegate;
    }

    @Override
    public RowSet query(String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = delegate.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return RowSet.copyOf(rs);
            }
        }
    }
}
