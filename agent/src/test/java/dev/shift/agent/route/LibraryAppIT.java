package dev.shift.agent.route;

import dev.shift.agent.backfill.Backfill;
import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.reverse.ReverseSync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.schema.LearnedDefinitions;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An application that is not the shop: a lending library (members with string keys, loans with ids MySQL generates)
 * through MariaDB's own JDBC driver, with its own mapping. In phase 2 its everyday writes — translated ones, and ones
 * Shift cannot translate (a range UPDATE, a LIKE, a DELETE joining another table) — all reach DynamoDB, which ends up
 * holding exactly MySQL's rows without a backfill. Real MariaDB and a private DynamoDB-compatible server.
 */
class LibraryAppIT {

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    private RouterFixture fx;
    private SqlPlanner planner;
    private DynamoGateway gateway;
    private ShiftMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        Mapping mapping;
        try (InputStream in = getClass().getResourceAsStream("/dev/shift/agent/library-mapping.json")) {
            mapping = Mapping.load(in);
        }
        fx = new RouterFixture(servers.mysql(), servers.client(), mapping, Phase.DUAL_WRITE, true, st -> {
            st.execute("CREATE TABLE members (member_no VARCHAR(16) NOT NULL PRIMARY KEY, full_name VARCHAR(100) NOT NULL, "
                    + "tier INT NOT NULL)");
            st.execute("CREATE TABLE loans (loan_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, member_no VARCHAR(16) NOT NULL, "
                    + "isbn VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL, due_at DATETIME(3) NOT NULL, "
                    + "returned BOOLEAN NOT NULL)");
            st.execute("CREATE TABLE branches (code VARCHAR(8) COLLATE utf8mb4_general_ci PRIMARY KEY, "
                    + "city VARCHAR(40) NOT NULL)");   // stays in MySQL
        });
        planner = fx.planner;
        gateway = fx.gateway;
        metrics = fx.metrics;
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void everydayWritesOfAnotherApplicationReachDynamoDbThroughMariaDbsDriver() throws Exception {
        try (Connection app = fx.app()) {
            assertTrue(app.getMetaData().getDriverName().startsWith("MariaDB"), "the application uses MariaDB's driver: "
                    + app.getMetaData().getDriverName());
            for (String[] m : new String[][] {{"M-001", "Ada Lovelace", "1"}, {"M-002", "Alan Turing", "2"},
                    {"M-003", "Grace Hopper", "1"}}) {
                update(app, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", m[0], m[1],
                        Integer.parseInt(m[2]));
            }
            String lend = "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)";
            update(app, lend, "M-001", "978-0", Timestamp.valueOf("2026-11-01 10:00:00"), false);
            update(app, lend, "M-001", "978-1", Timestamp.valueOf("2026-12-20 10:00:00"), false);
            update(app, lend, "M-002", "978-2", Timestamp.valueOf("2026-10-01 10:00:00"), false);
            update(app, lend, "M-003", "978-3", Timestamp.valueOf("2026-12-24 10:00:00"), false);
            update(app, "INSERT INTO branches (code, city) VALUES (?, ?)", "B1", "London");   // not migrated

            update(app, untranslated("UPDATE loans SET returned = ? WHERE due_at < ?"), true,
                    Timestamp.valueOf("2026-11-15 00:00:00"));
            update(app, untranslated("UPDATE members SET tier = tier + 1 WHERE full_name LIKE ?"), "A%");
            update(app, untranslated("DELETE l FROM loans l JOIN members m ON m.member_no = l.member_no "
                    + "WHERE m.tier >= ? AND l.returned = ?"), 3, true);
        }
        assertEquals(0, metrics.unmirrored(), "every untranslated write's rows were followed");
        fx.drainAll();
        Map<String, String> expected = mysqlView();
        assertEquals(expected, dynamoView(), "DynamoDB holds exactly MySQL's rows");
        assertTrue(expected.containsKey("MEMBER#M-002 PROFILE#M-002") && expected.get("MEMBER#M-002 PROFILE#M-002").contains("tier=3"),
                "Alan was promoted to tier 3: " + expected);
        assertEquals(3, expected.keySet().stream().filter(k -> k.contains("LOAN#")).count(),
                "Alan's returned loan was deleted by the joined DELETE: " + expected);
    }

    /**
     * The library's history, written before Shift was attached, is backfilled while the library keeps writing through
     * the live path of phase 2 (its outbox drained as the agent's thread does): promotions ({@code tier = tier + 1}, an
     * {@code ADD} that would count twice if it landed on a copy that already had it), new loans, returned and deleted
     * ones. Backfill reads through MariaDB's driver, as an admin job does in this application. Afterwards DynamoDB
     * holds exactly MySQL's rows and verify finds no difference.
     */
    @Test
    void historyIsBackfilledWhileTheLibraryKeepsWriting(@TempDir Path state) throws Exception {
        int members = 150;
        try (Connection c = fx.raw(); PreparedStatement m = c.prepareStatement(
                "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)");
                PreparedStatement l = c.prepareStatement(
                        "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < members; i++) {
                m.setString(1, String.format("M-%03d", i));
                m.setString(2, "Reader " + i);
                m.setInt(3, 1 + i % 3);
                m.addBatch();
                for (int j = 0; j < 3; j++) {
                    l.setString(1, String.format("M-%03d", i));
                    l.setString(2, "978-" + i + "-" + j);
                    l.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
                    l.setBoolean(4, j == 0);
                    l.addBatch();
                }
            }
            m.executeBatch();
            l.executeBatch();
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread library = new Thread(() -> {
            java.util.Random r = new java.util.Random(3);
            try (Connection app = fx.app()) {
                while (!stop.get()) {
                    String member = String.format("M-%03d", r.nextInt(members));
                    long loan = 1 + r.nextInt(members * 3);
                    switch (r.nextInt(4)) {
                        case 0 -> update(app, "UPDATE members SET tier = tier + 1 WHERE member_no = ?", member);
                        case 1 -> update(app, "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)",
                                member, "979-" + writes.get(), Timestamp.valueOf("2026-12-24 10:00:00"), false);
                        case 2 -> update(app, "UPDATE loans SET returned = ? WHERE loan_id = ?", true, loan);
                        default -> update(app, "DELETE FROM loans WHERE loan_id = ?", loan);
                    }
                    writes.incrementAndGet();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "library");
        Thread drainer = new Thread(() -> {   // what the agent's outbox thread does
            while (!stop.get()) {
                try {
                    fx.drainer.drainOnce();
                    Thread.sleep(10);
                } catch (Throwable t) {
                    failures.add(t);
                    return;
                }
            }
        }, "outbox");
        library.start();
        drainer.start();
        Stores stores = new Stores(fx::raw, "library", gateway, fx.outbox.table());
        Backfill.Result result;
        long during;
        try {
            while (writes.get() < 5 && failures.isEmpty()) {
                Thread.sleep(5);
            }
            long before = writes.get();
            result = new Backfill(stores, new Backfill.Options(null, 2, 40, 250, state.resolve("cp"), false, false, 0),
                    Backfill.Progress.NONE).run();
            during = writes.get() - before;
        } finally {
            stop.set(true);
            library.join();
            drainer.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(result.complete(), result.errors().toString());
        assertTrue(during >= 20, "the library wrote during the backfill: " + during);
        assertEquals(0, metrics.unmirrored());
        fx.drainAll();
        assertEquals(mysqlView(), dynamoView(), "DynamoDB holds exactly MySQL's rows");
        assertEquals(List.of(), new Verify(stores, new Verify.Options(null, 2, 100)).run().diffs());
        System.out.printf("library: %d writes during the backfill; %s%n", during, result.stats().summary());
    }

    /**
     * The way back from phase 5 for this application too: its writes in phase 5 (a new member, a loan with a generated
     * id, a changed tier, a returned and a deleted loan) reach MySQL through the reverse sync, key templates that use
     * a string column twice included; back in phase 4 MySQL's next loan id is one Shift never gave.
     */
    @Test
    void phase5WritesOfAnotherApplicationReachMysqlOnTheWayBack(@TempDir Path state) throws Exception {
        try (Connection c = fx.raw()) {
            new LearnedDefinitions(planner, state).learn(c, "test");   // as the agent does: ByLoan holds the primary key
        }
        String lend = "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)";
        fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = fx.app()) {
            update(app, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-001", "Ada Lovelace", 1);
            update(app, lend, "M-001", "978-0", Timestamp.valueOf("2026-11-01 10:00:00"), false);
            update(app, lend, "M-001", "978-1", Timestamp.valueOf("2026-11-02 10:00:00"), false);
        }
        fx.control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        long phase5Loan;
        try (Connection app = fx.app()) {
            update(app, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-002", "Alan Turing", 2);
            try (PreparedStatement ps = app.prepareStatement(lend, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "M-002");
                ps.setString(2, "978-2");
                ps.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
                ps.setBoolean(4, false);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    phase5Loan = rs.getLong(1);
                }
            }
            update(app, "UPDATE members SET tier = ? WHERE member_no = ?", 3, "M-001");
            update(app, "UPDATE loans SET returned = ? WHERE member_no = ? AND loan_id = ?", true, "M-001", 1L);
            update(app, "DELETE FROM loans WHERE member_no = ? AND loan_id = ?", "M-001", 2L);
            // by the loan id alone: through the ByLoan index, its WHERE the write's condition
            try (PreparedStatement ps = app.prepareStatement("UPDATE loans SET due_at = ? WHERE loan_id = ?")) {
                ps.setTimestamp(1, Timestamp.valueOf("2026-12-15 10:00:00"));
                ps.setLong(2, phase5Loan);
                assertEquals(1, ps.executeUpdate());
                ps.setLong(2, 2L);
                assertEquals(0, ps.executeUpdate(), "the deleted loan is not written again");
            }
        }
        ReverseSync sync = new ReverseSync(new ReverseLog(gateway), new RowsFromItems(planner.mapping(), gateway), fx::raw,
                new IdAllocator(gateway), planner.mapping(), fx.control::state, new DynamoOnlyWrites(),
                java.time.Clock.systemUTC());
        assertTrue(sync.current().pending() >= 5, sync.current().toString());
        while (sync.syncOnce() > 0) {
            // copy what waits
        }
        assertTrue(sync.current().caughtUp(), sync.current().toString());
        Map<String, String> mysql = mysqlView();
        assertEquals(dynamoView(), mysql, "MySQL holds exactly DynamoDB's rows");
        assertEquals("Ada Lovelace tier=3", mysql.get("MEMBER#M-001 PROFILE#M-001"));
        assertEquals(2, mysql.keySet().stream().filter(k -> k.contains("LOAN#")).count(), mysql.toString());

        fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = fx.app()) {
            update(app, lend, "M-002", "978-3", Timestamp.valueOf("2026-12-02 10:00:00"), false);
        }
        try (Connection c = fx.raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(loan_id) FROM loans")) {
            rs.next();
            assertTrue(rs.getLong(1) > phase5Loan, "phase 4's loan id is above Shift's " + phase5Loan);
        }
        sync.close();
    }

    /**
     * The library's mapping declares no length, NOT NULL or collation: Shift reads them from the tables' DDL
     * ({@code information_schema}) and keeps them in the state directory. In phase 5 a lookup in another letter case
     * or with trailing spaces finds the loan MySQL finds, by its normalised key ({@code member_no}) too, ORDER BY, IN, GROUP BY, MIN and MAX follow the column's
     * {@code utf8mb4_general_ci}, and so does a join with a table that stays in MySQL; a name too long for VARCHAR(100) or a NULL one is refused as MySQL refuses it; a
     * restart with MySQL out of reach applies the same definitions from the state directory.
     */
    @Test
    void phase5FollowsTheTablesDdlReadFromMysql(@TempDir Path state) throws Exception {
        Mapping declared = planner.mapping();
        LearnedDefinitions definitions = new LearnedDefinitions(planner, state);
        try (Connection c = fx.raw()) {
            assertEquals(List.of(), definitions.learn(c, "test"), "the mapping contradicts nothing in the DDL");
        }
        fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
        try (Connection app = fx.app()) {
            update(app, "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-001", "Ada Lovelace", 1);
            for (String isbn : new String[] {"b-2", "A-1", "_x-9", "a-1b", "B-10"}) {
                update(app, "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)", "M-001", isbn,
                        Timestamp.valueOf("2026-12-01 10:00:00"), false);
            }
        }
        try (Connection c = fx.raw()) {
            update(c, "INSERT INTO branches (code, city) VALUES ('a-1', 'London'), ('B-2 ', 'Paris')");
        }
        fx.control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        List<String> statements = List.of(
                "SELECT l.isbn, b.city FROM loans l JOIN branches b ON b.code = l.isbn WHERE l.member_no = 'M-001' "
                        + "ORDER BY l.isbn",
                "SELECT loan_id, isbn FROM loans WHERE member_no = 'M-001' AND isbn = 'B-2  '",
                "SELECT member_no, full_name FROM members WHERE member_no = 'm-001  '",
                "SELECT COUNT(*), MAX(member_no) FROM loans WHERE member_no = 'm-001'",
                "SELECT isbn FROM loans WHERE member_no = 'M-001' ORDER BY isbn, loan_id",
                "SELECT isbn, COUNT(*) FROM loans WHERE member_no = 'M-001' AND isbn IN ('a-1', 'A-1B') GROUP BY isbn "
                        + "ORDER BY isbn",
                "SELECT MIN(isbn), MAX(isbn) FROM loans WHERE member_no = 'M-001'",
                // COUNT(*) alone by the partition key: DynamoDB counts, under the key's case- and pad-folding collation
                "SELECT COUNT(*) AS n FROM loans WHERE member_no = 'm-001  '");
        for (String sql : statements) {
            assertEquals(RouterFixture.rows(fx::raw, sql), RouterFixture.rows(fx::app, sql), sql);
        }
        try (Connection app = fx.app()) {
            SQLException tooLong = assertThrows(SQLException.class, () -> update(app,
                    "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-002", "x".repeat(101), 1));
            assertEquals(List.of("22001", 1406), List.of(tooLong.getSQLState(), tooLong.getErrorCode()), tooLong.toString());
            SQLException nullName = assertThrows(SQLException.class, () -> update(app,
                    "INSERT INTO members (member_no, full_name, tier) VALUES (?, ?, ?)", "M-002", null, 1));
            assertEquals(List.of("23000", 1048), List.of(nullName.getSQLState(), nullName.getErrorCode()), nullName.toString());
        }

        Mapping learned = planner.mapping();
        planner.useMapping(declared);
        assertNotEquals(RouterFixture.rows(fx::raw, statements.get(0)), RouterFixture.rows(fx::app, statements.get(0)),
                "without the DDL's collation DynamoDB's answer differs (the test can fail)");

        SqlPlanner restarted = new SqlPlanner(declared);
        new LearnedDefinitions(restarted, state).applyKept();
        for (String table : List.of("members", "loans")) {
            assertEquals(learned.table(table).columns().toString(), restarted.mapping().table(table).columns().toString());
        }
        assertEquals("utf8mb4_general_ci", restarted.mapping().table("loans").column("isbn").collation().name());
        assertEquals(100, restarted.mapping().table("members").column("full_name").length());
    }

    private String untranslated(String sql) {
        assertInstanceOf(Untranslatable.class, planner.plan(sql), sql);
        return sql;
    }

    private Map<String, String> mysqlView() throws SQLException {
        Map<String, String> view = new TreeMap<>();
        try (Connection c = fx.raw(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT member_no, full_name, tier FROM members")) {
                while (rs.next()) {
                    view.put("MEMBER#" + rs.getString(1) + " PROFILE#" + rs.getString(1), rs.getString(2) + " tier=" + rs.getInt(3));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT loan_id, member_no, isbn, returned FROM loans")) {
                while (rs.next()) {
                    view.put("MEMBER#" + rs.getString(2) + " LOAN#" + rs.getLong(1), rs.getString(3) + " returned="
                            + rs.getBoolean(4));
                }
            }
        }
        return view;
    }

    private Map<String, String> dynamoView() {
        Map<String, String> view = new TreeMap<>();
        for (Map<String, AttributeValue> item : servers.client().scan(s -> s.tableName(gateway.tableName())).items()) {
            AttributeValue kind = item.get("kind");
            if (kind == null) {
                continue;   // Shift's own counter items
            }
            String key = item.get("PK").s() + " " + item.get("SK").s();
            if (kind.s().equals("MEMBER")) {
                view.put(key, item.get("full_name").s() + " tier=" + item.get("tier").n());
            } else {
                view.put(key, item.get("isbn").s() + " returned=" + item.get("returned").bool());
            }
        }
        return view;
    }

    private static void update(Connection app, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = app.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
