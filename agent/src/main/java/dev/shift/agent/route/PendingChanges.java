package dev.shift.agent.route;

import dev.shift.agent.sql.RowScope;
import java.sql.SQLException;
import java.util.List;

/**
 * The durable record that makes dual writes safe (phases 2-4): before MySQL commits a change to migrated rows,
 * the rows it touches are recorded; once DynamoDB has the change too the record is settled. A record left
 * unsettled — DynamoDB refused, the outcome is unknown, or the process died in between — is resolved later by
 * copying those rows' MySQL state into DynamoDB, which is idempotent, so nothing is lost or applied twice.
 */
public interface PendingChanges {

    /**
     * Records, durably before returning, that these rows are about to change in MySQL.
     *
     * @return the record's id
     * @throws SQLException when the record cannot be made; the caller must then not change MySQL
     */
    long record(List<RowScope> scopes) throws SQLException;

    /** DynamoDB has the change (or MySQL did not take it and DynamoDB was not touched): nothing left to do. */
    void settled(long id);

    /** DynamoDB may not have the change: copy the rows' MySQL state into DynamoDB, retrying until it lands. */
    void unsettled(long id, Exception cause);

    /** Records not settled yet and older than a moment (what operators call the backlog). */
    long pending();
}
