package dev.shift.agent.route;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The writes of this JVM that reach DynamoDB alone (phase 5), so a move back to writing MySQL can be made between
 * them: {@link #holding} waits for those in flight, holds new ones (briefly, bounded), lets the caller bring MySQL up
 * to date and switch, and releases them; they then run under the new phase. Without that, a write made just before
 * the switch would still be on its way to MySQL when the first phase-4 statement wants its row there.
 */
public final class DynamoOnlyWrites {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Called by a DynamoDB-only write before it starts; {@link #exit} after. Waits while a switch holds writes. */
    void enter() {
        lock.readLock().lock();
    }

    void exit() {
        lock.readLock().unlock();
    }

    /**
     * Runs {@code work} with no DynamoDB-only write in flight in this JVM and new ones waiting. If the writes in flight
     * do not finish within {@code wait}, runs it anyway (its own checks then see what is still behind).
     */
    public <T> T holding(Duration wait, Supplier<T> work) {
        boolean held;
        try {
            held = lock.writeLock().tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            held = false;
        }
        try {
            return work.get();
        } finally {
            if (held) {
                lock.writeLock().unlock();
            }
        }
    }
}
