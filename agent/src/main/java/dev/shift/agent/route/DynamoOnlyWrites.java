package dev.shift.agent.route;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The writes of this JVM that reach DynamoDB alone (phase 5), so a move back to writing MySQL can be made between
 * them: {@link #holding} waits for those in flight, holds new ones (briefly, bounded), lets the caller bring MySQL up
 * to date and switch, and releases them; they then run under the new phase. Without that, a write made just before
 * the switch would still be on its way to MySQL when the first phase-4 statement wants its row there.
 *
 * <p>A write is a statement under autocommit, and a whole transaction otherwise (from its first DynamoDB-only statement
 * to its COMMIT or ROLLBACK): a transaction is never split between a phase-5 part MySQL does not get and a phase-4 part
 * it does. Counted, not locked, since a transaction's end may come on another thread than its start.
 */
public final class DynamoOnlyWrites {

    private int inFlight;
    private boolean switching;

    /** Called by a DynamoDB-only write before it starts; {@link #exit} after. Waits while a switch holds writes. */
    synchronized void enter() {
        boolean interrupted = false;
        while (switching) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        inFlight++;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    /**
     * Runs {@code work} with no DynamoDB-only write in flight in this JVM and new ones waiting. If the writes in flight
     * do not finish within {@code wait}, runs it anyway (its own checks then see what is still behind).
     */
    public <T> T holding(Duration wait, Supplier<T> work) {
        synchronized (this) {
            while (switching) {   // one switch at a time
                if (!await(TimeUnit.MILLISECONDS.toNanos(wait.toMillis()))) {
                    break;
                }
            }
            switching = true;
            long deadline = System.nanoTime() + wait.toNanos();
            while (inFlight > 0 && System.nanoTime() < deadline) {
                if (!await(deadline - System.nanoTime())) {
                    break;
                }
            }
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                switching = false;
                notifyAll();
            }
        }
    }

    /** Waits on this monitor up to {@code nanos}; false when interrupted (the interrupt is kept). */
    private boolean await(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
