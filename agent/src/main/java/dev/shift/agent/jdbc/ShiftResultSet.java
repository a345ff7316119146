package dev.shift.agent.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set MySQL returned, as the application sees it: {@link #getStatement()} is the Shift statement that
 * produced it (null for metadata results), never the driver's, whose connection Shift does not intercept.
 */
final class ShiftResultSet extends ForwardingResultSet {

    private final Statement statement;

    ShiftResultSet(ResultSet delegate, Statement statement) {
        super(delegate);
        this.statement = statement;
    }

    @Override
    public Statement getStatement() throws SQLException {
        delegate.getStatement(); // the driver's checks stay (e.g. a closed result set throws); its answer does not
        return statement;
    }
}
