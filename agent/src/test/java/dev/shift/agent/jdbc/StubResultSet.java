package dev.shift.agent.jdbc;

import dev.shift.agent.dynamo.UnsupportedResultSet;
import java.sql.Statement;

/** A marker ResultSet: tests check which object came back, and whether it was closed. */
final class StubResultSet extends UnsupportedResultSet {

    final String name;
    boolean closed;

    StubResultSet(String name) {
        this.name = name;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Statement getStatement() {
        return null; // a driver's result set would name the driver's statement; Shift's view never passes it on
    }

    @Override
    public String toString() {
        return "StubResultSet[" + name + "]";
    }
}
