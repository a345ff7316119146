package dev.shift.agent.replay;

import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.ItemStore;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import dev.shift.agent.sql.WritePlan;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Replays the {@link ReplayJournal} into DynamoDB on a daemon thread, oldest entry first, each entry as
 * one DynamoDB transaction; while DynamoDB refuses, it backs off (up to 30 s between tries) and tries
 * again, for as long as it takes.
 */
public final class Replayer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent.replay");
    private static final Duration IDLE = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ReplayJournal journal;
    private final SqlPlanner planner;
    private final ItemStore store;
    private final Thread thread;
    private volatile boolean running = true;

    public Replayer(ReplayJournal journal, SqlPlanner planner, ItemStore store) {
        this.journal = journal;
        this.planner = planner;
        this.store = store;
        this.thread = new Thread(this::run, "shift-replayer");
        this.thread.setDaemon(true);
    }

    public Replayer start() {
        thread.start();
        return this;
    }

    /** Replays the oldest pending entry now; true when one was replayed. Used by the thread and by tests. */
    public boolean replayOldest() throws SQLException {
        Optional<ReplayJournal.Entry> oldest = journal.oldest();
        if (oldest.isEmpty()) {
            return false;
        }
        apply(oldest.get());
        journal.done(oldest.get().id());
        return true;
    }

    private void apply(ReplayJournal.Entry entry) throws SQLException {
        DynamoTransaction tx = new DynamoTransaction(store);
        tx.setAutoCommit(false);
        for (RecordedStatement s : entry.statements()) {
            StatementPlan plan = planner.plan(s.sql());
            if (!(plan instanceof WritePlan write)) {
                throw new SQLException("Shift cannot replay journal entry " + entry.id() + ": the statement is no "
                        + "longer a translatable write under the current mapping [" + s.sql() + "]");
            }
            IdSource ids = s.generatedId() == null ? IdSource.NONE : IdSource.fixed(s.generatedId());
            tx.execute(write, s.params(), ids);
        }
        tx.commit();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        long lastWarning = 0;
        while (running) {
            try {
                if (!replayOldest()) {
                    sleep(IDLE);
                    continue;
                }
                backoff = Duration.ofMillis(500);
            } catch (SQLException | RuntimeException e) {
                long now = System.nanoTime();
                if (now - lastWarning > Duration.ofMinutes(1).toNanos()) {
                    lastWarning = now;
                    LOG.log(System.Logger.Level.WARNING, "Shift: replaying " + journal.pending()
                            + " recorded change(s) into DynamoDB failed; retrying in " + backoff.toMillis()
                            + " ms: " + e.getMessage());
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
