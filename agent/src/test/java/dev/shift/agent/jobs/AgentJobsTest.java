package dev.shift.agent.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.backfill.ShopHistory;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.core.jobs.JobConflictException;
import dev.shift.core.jobs.Jobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill and verify started the way the admin port starts them, against a real MariaDB and dynalite. */
class AgentJobsTest {
    @TempDir
    Path state;

    private ShopHistory shop;
    private final AtomicInteger opened = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        shop = new ShopHistory();
    }

    @AfterEach
    void tearDown() {
        shop.close();
    }

    private AgentJobs jobs() {
        MysqlConnector connector = new MysqlConnector() {
            @Override
            public Connection open() throws SQLException {
                opened.incrementAndGet();
                return shop.connect();
            }

            @Override
            public String describe() {
                return shop.url();
            }
        };
        return AgentJobs.create(connector, shop.gateway, "shift_outbox", state);
    }

    private static Jobs.Run await(java.util.function.Supplier<java.util.Optional<Jobs.Run>> run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Jobs.Run r = run.get().orElseThrow();
            if (!r.running()) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still running: " + run.get());
    }

    @Test
    void backfillThenVerifyFromTheAdminPortReportTheirProgressAndTheVerdict() throws Exception {
        long rows = shop.generate(40, 300, 11);
        shop.gateway.ensureTable();   // as the agent does at start-up
        AgentJobs jobs = jobs();
        assertTrue(jobs.backfill().isEmpty());
        assertTrue(jobs.lastVerifyResult().isEmpty());

        // before any backfill, verify finds every row missing: red, with the counts and the diff file
        Jobs.Run first = jobs.startVerify(new Jobs.VerifyOptions(2, false), "alice");
        assertEquals(Jobs.State.RUNNING, first.state());
        assertThrows(JobConflictException.class, () -> jobs.startVerify(new Jobs.VerifyOptions(2, false), "bob"));
        first = await(jobs::verify);
        assertEquals(Jobs.State.COMPLETE, first.state(), first.errors().toString());
        assertEquals(rows, first.differences().orElseThrow());
        assertEquals(rows, first.counts().get(Jobs.Run.MISSING));
        assertEquals(0L, first.counts().get(Jobs.Run.EXTRA));
        assertFalse(first.agrees());
        Path diff = Path.of(first.diffFile().orElseThrow());
        assertEquals(rows, Files.readAllLines(diff).size());
        assertTrue(Files.exists(diff.resolveSibling(diff.getFileName() + ".summary.json")));

        Jobs.Run started = jobs.startBackfill(new Jobs.BackfillOptions(3, 0, false), "alice");
        assertEquals(1, started.id());
        assertEquals("alice", started.startedBy());
        assertEquals(Map.of("threads", 3, "rate", 0L, "restart", false), started.options());
        assertThrows(JobConflictException.class, () -> jobs.startBackfill(Jobs.BackfillOptions.DEFAULT, "bob"));
        Jobs.Run done = await(jobs::backfill);
        assertEquals(Jobs.State.COMPLETE, done.state(), done.errors().toString());
        assertEquals(rows, done.progress().done());
        assertEquals(rows, done.progress().total());
        assertEquals(rows, done.counts().get(Jobs.Run.ROWS_READ));
        assertEquals(rows, done.counts().get(Jobs.Run.ITEMS_WRITTEN));
        // what the run was charged: a write unit per item, nothing read around the copy (only the scan for orphans)
        assertEquals(rows, done.counts().get(Jobs.Run.WRITE_UNITS), done.counts().toString());
        assertTrue(done.counts().get(Jobs.Run.READ_UNITS) < rows / 4, done.counts().toString());
        assertTrue(done.finishedAt().isPresent());
        assertEquals(rows, shop.itemCount());
        assertTrue(Files.list(state.resolve("backfill")).anyMatch(p -> p.getFileName().toString().endsWith(".segments.json")),
                "checkpoints under the state dir");

        Jobs.Run second = jobs.startVerify(Jobs.VerifyOptions.DEFAULT, "alice");
        assertEquals(2, second.id());
        second = await(jobs::verify);
        assertEquals(0L, second.differences().orElseThrow());
        assertTrue(second.agrees());
        assertEquals(rows, second.counts().get(Jobs.Run.ROWS_COMPARED));
        assertTrue(second.counts().get(Jobs.Run.READ_UNITS) > 0, second.counts().toString());
        assertEquals(rows, second.progress().done());
        assertEquals(second, jobs.lastVerifyResult().orElseThrow());

        // a restart (a new instance over the same state dir) still shows the last runs and the verdict
        AgentJobs again = jobs();
        assertEquals(Jobs.State.COMPLETE, again.backfill().orElseThrow().state());
        Jobs.Run verdict = again.lastVerifyResult().orElseThrow();
        assertEquals(2, verdict.id());
        assertTrue(verdict.agrees());
        assertEquals(second.finishedAt(), verdict.finishedAt());

        // the next backfill resumes from the checkpoints: nothing left to copy
        Jobs.Run resumed = again.startBackfill(new Jobs.BackfillOptions(2, 1000, false), "bob");
        assertEquals(2, resumed.id());
        resumed = await(again::backfill);
        assertEquals(Jobs.State.COMPLETE, resumed.state());
        assertEquals(0L, resumed.counts().get(Jobs.Run.ROWS_READ));
    }

    @Test
    void aRunThatCannotReachMysqlFailsWithTheReasonAndTheNextOneMayStart() throws Exception {
        shop.generate(5, 20, 1);
        try (Connection c = shop.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE order_items");
        }
        AgentJobs jobs = jobs();
        jobs.startVerify(new Jobs.VerifyOptions(1, false), "alice");
        Jobs.Run failed = await(jobs::verify);
        assertEquals(Jobs.State.FAILED, failed.state());
        assertFalse(failed.errors().isEmpty());
        assertTrue(failed.differences().isEmpty());
        assertTrue(jobs.lastVerifyResult().isEmpty(), "a failed run is no verdict");
        assertFalse(failed.counts().containsKey(Jobs.Run.DIFFERENCES));
        jobs.startVerify(new Jobs.VerifyOptions(1, false), "alice");   // not refused: the failed one is over
        assertEquals(Jobs.State.FAILED, await(jobs::verify).state());
    }

    @Test
    void withoutAMysqlConnectionYetARunFailsSayingWhy() throws Exception {
        AgentJobs jobs = AgentJobs.create(new MysqlConnector() {
            @Override
            public Connection open() throws SQLException {
                throw new SQLException("Shift has no MySQL connection of its own: the application has not connected yet");
            }

            @Override
            public String describe() {
                return "(no MySQL connection seen yet)";
            }
        }, shop.gateway, "shift_outbox", state);
        jobs.startBackfill(Jobs.BackfillOptions.DEFAULT, "alice");
        Jobs.Run r = await(jobs::backfill);
        assertEquals(Jobs.State.FAILED, r.state());
        assertTrue(r.errors().toString().contains("the application has not connected yet"), r.errors().toString());
    }

    @Test
    void aRunFoundRunningAtStartUpBelongedToAStoppedJvm() throws Exception {
        Files.createDirectories(state.resolve("jobs"));
        Files.writeString(state.resolve("jobs/backfill.json"), "{\"id\":4,\"kind\":\"backfill\",\"state\":\"running\","
                + "\"started_by\":\"alice\",\"started_at\":\"2026-01-01T00:00:00Z\",\"finished_at\":null,"
                + "\"options\":{\"threads\":4},\"done\":10,\"total\":100,\"rate\":5.0,\"counts\":{\"rows_read\":10},"
                + "\"errors\":[],\"diff_file\":null}");
        Jobs.Run r = jobs().backfill().orElseThrow();
        assertEquals(Jobs.State.INTERRUPTED, r.state());
        assertEquals(10, r.progress().done());
        assertFalse(r.errors().isEmpty());
        AgentJobs jobs = jobs();
        assertEquals(5, jobs.startBackfill(new Jobs.BackfillOptions(1, 0, false), "bob").id());
        assertEquals(Jobs.State.COMPLETE, await(jobs::backfill).state());
    }
}
