package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.schema.LearnedDefinitions;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.agent.sql.WritePlan;
import dev.shift.core.flags.Phase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What MySQL does with the columns a statement leaves out, followed once Shift read the table's DDL: an INSERT's
 * omitted columns get their constant default (or NULL) in the item too, a NOT NULL column without a default is
 * refused with MySQL's error, and what MySQL computes itself (a {@code CURRENT_TIMESTAMP} default, {@code ON UPDATE
 * CURRENT_TIMESTAMP}) is not guessed: such statements are not translated, and in phase 2 their rows are copied from
 * MySQL. Real MariaDB (Connector/J) and a private
 * DynamoDB-compatible server; another application's table (a help desk's tickets).
 */
class ColumnDefaultsIT {

    private static final String MAPPING = "{\"dynamodb\": {\"table\": \"Desk\"}, \"tables\": {\"tickets\": {"
            + "\"entity\": \"TICKET\", \"partitionKey\": \"TICKET#{id}\", \"sortKey\": \"TICKET#{id}\", \"autoIncrement\": \"id\", "
            + "\"columns\": {\"id\": \"number-long\", \"title\": \"string\", \"queue\": \"string\", \"priority\": \"number-int\", "
            + "\"note\": \"string\", \"opened_at\": \"timestamp\", \"touched_at\": \"timestamp\"}}}}";
    private static final String READ = "SELECT id, title, queue, priority, note, opened_at, touched_at FROM tickets WHERE id = ?";

    @RegisterExtension
    static final RouteServers servers = new RouteServers();
    private RouterFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        Mapping mapping = Mapping.load(new ByteArrayInputStream(MAPPING.getBytes(StandardCharsets.UTF_8)));
        fx = new RouterFixture(servers.mysql(), servers.client(), mapping, Phase.DYNAMODB_READ, false, st -> st.execute(
                "CREATE TABLE tickets (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(40) NOT NULL, "
                        + "queue VARCHAR(16) NOT NULL DEFAULT 'triage', priority INT NOT NULL DEFAULT 3, note VARCHAR(40) NULL, "
                        + "opened_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                        + "touched_at DATETIME(3) NULL ON UPDATE CURRENT_TIMESTAMP(3))"));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void omittedColumnsHoldWhatMysqlGivesThemAndWhatMysqlComputesIsNotGuessed(@TempDir Path state) throws Exception {
        String open = "INSERT INTO tickets (title, opened_at) VALUES (?, ?)";
        Timestamp at = Timestamp.valueOf("2026-12-04 09:00:00");
        long before = insert(open, "printer on fire", at);
        assertNotEquals(RouterFixture.rows(fx::raw, READ, before), RouterFixture.rows(fx::app, READ, before),
                "before the DDL is read the item lacks the defaults (the test can fail)");

        try (Connection c = fx.raw()) {
            new LearnedDefinitions(fx.planner, state).learn(c, "test");
        }
        long after = insert(open, "paper jam", at);
        List<String> mysqlRow = RouterFixture.rows(fx::raw, READ, after);
        assertTrue(mysqlRow.size() == 1 && mysqlRow.get(0).startsWith(after + " | paper jam | triage | 3 | null | "),
                mysqlRow.toString());
        assertEquals(mysqlRow, RouterFixture.rows(fx::app, READ, after), "DynamoDB's item holds MySQL's defaults");

        // Phase 2: the INSERT that leaves opened_at to MySQL is copied from MySQL, which computed it.
        fx.control.change(Phase.DUAL_WRITE.flags(), "test");
        long copied;
        try (Connection app = fx.app(); PreparedStatement ps = app.prepareStatement("INSERT INTO tickets (title) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "no toner");
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                copied = rs.getLong(1);
            }
        }
        fx.drainAll();
        fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
        assertEquals(RouterFixture.rows(fx::raw, READ, copied), RouterFixture.rows(fx::app, READ, copied),
                "MySQL's opened_at reached the item");

        fx.control.change(Phase.DYNAMODB_ONLY.flags(), "test");
        String noTitle = "INSERT INTO tickets (queue, opened_at) VALUES ('urgent', '2026-12-04 10:00:00')";
        SQLException fromMysql = assertThrows(SQLException.class, () -> execute(fx::raw, noTitle));
        SQLException fromShift = assertThrows(SQLException.class, () -> execute(fx::app, noTitle));
        assertEquals(List.of(fromMysql.getErrorCode(), fromMysql.getSQLState()),
                List.of(fromShift.getErrorCode(), fromShift.getSQLState()), fromShift.toString());
        assertEquals(1364, fromShift.getErrorCode());
        assertTrue(fromShift.getMessage().contains("Field 'title' doesn't have a default value"), fromShift.getMessage());

        Untranslatable computed = assertInstanceOf(Untranslatable.class, fx.planner.plan("INSERT INTO tickets (title) VALUES (?)"));
        assertTrue(computed.reason().contains("opened_at is left to its default current_timestamp(3), which MySQL computes"),
                computed.reason());
        Untranslatable touched = assertInstanceOf(Untranslatable.class, fx.planner.plan("UPDATE tickets SET note = ? WHERE id = ?"));
        assertTrue(touched.reason().contains("without setting touched_at, which MySQL sets on every UPDATE"), touched.reason());
        assertInstanceOf(WritePlan.class, fx.planner.plan("UPDATE tickets SET note = ?, touched_at = ? WHERE id = ?"));
    }

    private long insert(String sql, String title, Timestamp at) throws SQLException {
        try (Connection app = fx.app(); PreparedStatement ps = app.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, title);
            ps.setTimestamp(2, at);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(RouterFixture.Connections connections, String sql) throws SQLException {
        try (Connection c = connections.open(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
