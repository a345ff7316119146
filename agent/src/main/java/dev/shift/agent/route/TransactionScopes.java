package dev.shift.agent.route;

import dev.shift.agent.sql.RowScope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a connection's open transaction changed in a dual-write phase, kept until COMMIT records them in
 * {@link PendingChanges}; and whether a statement's DynamoDB side already failed, in which case the buffered
 * DynamoDB writes are incomplete and must not be sent (the record is resolved from MySQL instead).
 */
final class TransactionScopes {

    private final Set<RowScope> scopes = new LinkedHashSet<>();
    private boolean broken;
    private boolean copied;
    private boolean dynamoFirst;

    /** A statement was staged in phase 4: COMMIT writes DynamoDB first (kept, so COMMIT follows how it was staged). */
    void stagedDynamoFirst() {
        dynamoFirst = true;
    }

    boolean dynamoFirst() {
        return dynamoFirst;
    }

    void add(RowScope scope) {
        if (scope != null) {
            scopes.add(scope);
        }
    }

    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    /** A statement of the transaction was not translated: its rows, and so the whole transaction, are copied from MySQL. */
    void copyFromMysql() {
        copied = true;
    }

    boolean copiesFromMysql() {
        return copied;
    }

    boolean isEmpty() {
        return scopes.isEmpty();
    }

    List<RowScope> scopes() {
        return List.copyOf(scopes);
    }
}
