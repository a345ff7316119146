package dev.shift.agent.replay;

import java.util.List;

/**
 * A write statement as MySQL committed it: the SQL, its parameters, and the id MySQL generated for it
 * (null when none). Replaying it through the engine gives DynamoDB the same change.
 */
public record RecordedStatement(String sql, List<Object> params, Long generatedId) {

    public RecordedStatement {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
