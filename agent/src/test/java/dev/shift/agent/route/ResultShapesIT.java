package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.mapping.Mapping;
import dev.shift.core.flags.Phase;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application's driver, configured its own way ({@code tinyInt1isBit=false}: a BOOLEAN column is an Integer),
 * gets the same classes and metadata from DynamoDB in phase 4 as MySQL gave it in phase 2 for the same statement:
 * Shift learned them while MySQL answered. A statement MySQL never answered gets the driver family's defaults.
 * Connector/J and MariaDB's driver, real MariaDB and a private DynamoDB-compatible server.
 */
class ResultShapesIT {

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    @ParameterizedTest(name = "MariaDB''s driver: {0}")
    @ValueSource(booleans = {false, true})
    void phase4AnswersWithTheClassesAndMetadataTheDriverGaveInPhase2(boolean mariadbDriver) throws Exception {
        Mapping mapping;
        try (InputStream in = getClass().getResourceAsStream("/dev/shift/agent/library-mapping.json")) {
            mapping = Mapping.load(in);
        }
        try (RouterFixture fx = new RouterFixture(servers.mysql(), servers.client(), mapping, Phase.DUAL_WRITE, mariadbDriver,
                "tinyInt1isBit=false", st -> st.execute("CREATE TABLE loans (loan_id BIGINT NOT NULL AUTO_INCREMENT "
                        + "PRIMARY KEY, member_no VARCHAR(16) NOT NULL, isbn VARCHAR(20) NOT NULL, due_at DATETIME(3) NOT NULL, "
                        + "returned BOOLEAN NOT NULL)"))) {
            try (Connection app = fx.app(); PreparedStatement ps = app.prepareStatement(
                    "INSERT INTO loans (member_no, isbn, due_at, returned) VALUES (?, ?, ?, ?)")) {
                for (boolean returned : new boolean[] {false, true}) {
                    ps.setString(1, "M-001");
                    ps.setString(2, "978-" + returned);
                    ps.setTimestamp(3, Timestamp.valueOf("2026-12-01 10:00:00"));
                    ps.setBoolean(4, returned);
                    ps.executeUpdate();
                }
            }
            String sql = "SELECT loan_id, returned, due_at, isbn FROM loans WHERE member_no = ? ORDER BY loan_id";
            List<String> phase2 = answer(fx, sql);
            assertTrue(phase2.toString().contains("returned=1 (java.lang.Integer)"), "tinyInt1isBit=false: " + phase2);

            fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
            assertEquals(phase2, answer(fx, sql), "DynamoDB's answer, as the driver gave MySQL's");
            assertNotEquals(phase2, answer(fx, sql.replace("SELECT ", "SELECT  ")),
                    "a statement MySQL never answered follows the driver family's defaults (the test can fail)");
        }
    }

    /** Each value with its class, and each column's metadata as the driver reports it. */
    private static List<String> answer(RouterFixture fx, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection app = fx.app(); PreparedStatement ps = app.prepareStatement(sql)) {
            ps.setString(1, "M-001");
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.add(md.getColumnLabel(i) + ": " + md.getColumnTypeName(i) + " " + md.getColumnType(i) + " "
                            + md.getColumnClassName(i) + " " + md.getPrecision(i) + "," + md.getScale(i));
                }
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        out.add(md.getColumnLabel(i) + "=" + v + " (" + (v == null ? "null" : v.getClass().getName()) + ")");
                    }
                }
            }
        }
        return out;
    }
}
