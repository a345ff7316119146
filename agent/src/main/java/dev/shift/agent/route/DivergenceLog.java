package dev.shift.agent.route;

import dev.shift.agent.replay.RecordedStatement;

import java.util.List;

/**
 * Where the router records MySQL-committed changes whose DynamoDB side did not land, so they are
 * replayed until DynamoDB agrees again. The application's request does not fail for them.
 */
public interface DivergenceLog {

    /** One autocommitted statement, or every write statement of one committed transaction, in order. */
    void record(List<RecordedStatement> statements, Exception cause);

    /** Entries still waiting to be replayed. */
    long pending();
}
