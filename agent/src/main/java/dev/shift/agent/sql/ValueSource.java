package dev.shift.agent.sql;

import java.sql.SQLException;
import java.util.List;

/** Where a value in a statement comes from: a JDBC parameter (0-based index) or a literal. */
sealed interface ValueSource {

    Object resolve(List<Object> params) throws SQLException;

    String describe();

    record Param(int index) implements ValueSource {
        @Override
        public Object resolve(List<Object> params) throws SQLException {
            if (index >= params.size()) {
                throw new SQLException("No value specified for parameter " + (index + 1), "07001");
            }
            return params.get(index);
        }

        @Override
        public String describe() {
            return "?" + (index + 1);
        }
    }

    /** A NOT NULL column without a default that the INSERT leaves out: MySQL's strict mode refuses the row. */
    record NoDefault(String column) implements ValueSource {
        @Override
        public Object resolve(List<Object> params) throws SQLException {
            throw new SQLException("Field '" + column + "' doesn't have a default value", "HY000", 1364);
        }

        @Override
        public String describe() {
            return "(no default)";
        }
    }

    record Literal(Object value) implements ValueSource {
        @Override
        public Object resolve(List<Object> params) {
            return value;
        }

        @Override
        public String describe() {
            return String.valueOf(value);
        }
    }
}
