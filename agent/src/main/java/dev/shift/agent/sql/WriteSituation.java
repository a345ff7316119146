package dev.shift.agent.sql;

import java.util.List;

/**
 * What a write plan needs to know that the statement does not say, decided by the execute stage before it asks the
 * plan for its writes.
 *
 * @param buffered     inside an open transaction: writes wait for COMMIT, rows are matched by what was read, and
 *                     conditions only guard against concurrent change
 * @param version      the version attribute's value for this statement's writes (write time in µs, increasing)
 * @param generatedKey the AUTO_INCREMENT id for an INSERT that leaves it to the database ({@link
 *                     WritePlan#needsGeneratedKey}); null otherwise
 * @param dynamoDbAlone the statement is not written to MySQL (phase 5): what MySQL would refuse (a duplicate key) is
 *                     DynamoDB's to refuse, where otherwise MySQL has already accepted the row
 * @param mysqlRows    the rows MySQL changed with this statement, by their item key columns, when MySQL named them
 *                     (a locking read in the statement's own transaction, just before it: {@link
 *                     WritePlan#takesMysqlRows}); null otherwise. The plan then reads nothing from DynamoDB.
 */
public record WriteSituation(boolean buffered, long version, Long generatedKey, boolean dynamoDbAlone,
        List<RowScope> mysqlRows) {

    public WriteSituation(boolean buffered, long version, Long generatedKey) {
        this(buffered, version, generatedKey, false, null);
    }
}
