package dev.shift.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The outbox's worker does no I/O outside the dual-write phases (the cost of Shift in phase 1 is a plan lookup). */
class OutboxDrainerTest {

    @Test
    void inPhase1TheWorkerNeverTouchesMysqlAndInPhase2ItDoes() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        MysqlConnector counting = new MysqlConnector() {
            @Override
            public Connection open() throws SQLException {
                opened.incrementAndGet();
                throw new SQLException("no database in this test");
            }
        };
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
}
