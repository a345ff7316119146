package dev.shift.agent.dynamo;

import dev.shift.agent.merge.RowSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How the engine reads a table that stays in MySQL (the other side of a JOIN). The glue implements it on
 * the application's real connection, without routing the statement again. Parameters are 0-based here
 * (element 0 is JDBC parameter 1).
 */
@FunctionalInterface
public interface MysqlRows {
    RowSet query(String sql, List<Object> params) throws SQLException;
}
