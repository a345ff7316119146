package dev.shift.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The outbox's worker does no I/O outside the dual-write phases (the cost of Shift in phase 1 is a plan lookup). */
class OutboxDrainerTest {

    /** A MySQL that counts the connections asked of it and has none to give. */
    private static MysqlConnector counting(AtomicInteger opened) {
        return new MysqlConnector() {
            @Override
            public Connection open() throws SQLException {
                opened.incrementAndGet();
                throw new SQLException("no database in this test");
            }
        };
    }

    @Test
    void inPhase1TheWorkerNeverTouchesMysqlAndInPhase2ItDoes() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        MysqlConnector counting = counting(opened);
        AtomicReference<Flags> flags = new AtomicReference<>(Phase.MYSQL_ONLY.flags());
        Outbox outbox = new Outbox(counting, Outbox.DEFAULT_TABLE, 1, Duration.ofSeconds(5));
        OutboxDrainer drainer = new OutboxDrainer(outbox, null, flags::get).start();
        try {
            Thread.sleep(1_500);   // longer than the worker's due-entry scan interval (1 s)
            assertEquals(0, opened.get(), "phase 1: no connection, no query");

            flags.set(Phase.DUAL_WRITE.flags());
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (opened.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(opened.get() > 0, "phase 2: the worker looks for entries left behind");
        } finally {
            drainer.close();
        }
    }

    @Test
    void wiredToTheControlItSleepsThroughPhase1AndWakesAtTheMove() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        MysqlConnector counting = counting(opened);
        MigrationControl control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        AtomicInteger looked = new AtomicInteger();
        Outbox outbox = new Outbox(counting, Outbox.DEFAULT_TABLE, 1, Duration.ofSeconds(5));
        OutboxDrainer drainer = new OutboxDrainer(outbox, null, () -> {
            looked.incrementAndGet();
            return control.flags();
        }).wakingOnChangesOf(control).start();
        try {
            Thread.sleep(1_500);   // polling would have looked at the flags about 8 times by now
            assertTrue(looked.get() <= 1, "phase 1: the worker sleeps until the phase changes (looked "
                    + looked.get() + " times)");
            assertEquals(0, opened.get(), "phase 1: no connection, no query");

            control.change(Phase.DUAL_WRITE.flags(), "test");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();   // its longest sleep is a minute
            while (opened.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(opened.get() > 0, "phase 2: the move woke the worker, which looks for entries left behind");
        } finally {
            drainer.close();
        }
    }
}
