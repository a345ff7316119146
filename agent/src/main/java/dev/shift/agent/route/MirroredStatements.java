package dev.shift.agent.route;

import dev.shift.agent.replay.RecordedStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * The write statements of a connection's open transaction in a dual-write phase, kept until COMMIT:
 * if DynamoDB's side cannot be committed (or a statement's DynamoDB side already failed), the whole
 * transaction is recorded for replay rather than a part of it sent.
 */
final class MirroredStatements {

    private final List<RecordedStatement> statements = new ArrayList<>();
    private boolean broken;

    void add(RecordedStatement statement) {
        statements.add(statement);
    }

    /** A statement's DynamoDB side failed: the buffered writes are incomplete and must not be sent. */
    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    List<RecordedStatement> drain() {
        List<RecordedStatement> copy = List.copyOf(statements);
        statements.clear();
        broken = false;
        return copy;
    }
}
