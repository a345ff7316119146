package dev.shift.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.AgentJar;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An application with two databases ({@code TwoDatabasesApp}: the library's migrated tables, and an archive with a
 * table of the same name that it connects to last), the real agent jar in phase 2, the mapping naming the library's
 * database: the archive's statements pass through untouched, and Shift's own connections (the outbox, the copies of
 * writes it does not translate) go to the database the migrated tables are used in, never to the one connected to
 * last. Real MariaDB, a private DynamoDB-compatible server.
 */
class TwoDatabasesIT {

    private static final String LIBRARY = "shift_two_db_library";
    private static final String ARCHIVE = "shift_two_db_archive";
    private static final String MEMBERS = "CREATE TABLE members (member_no VARCHAR(16) NOT NULL PRIMARY KEY, "
            + "full_name VARCHAR(100) NOT NULL, tier INT NOT NULL)";

    private static MariaDbServer mysql;
    private static DynamoDbServer dynamo;

    @TempDir
    static Path dir;

    @BeforeAll
    static void servers() {
        AgentJar.path();   // skips the class when there is no jar to test
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void shiftsOwnConnectionsGoToTheDatabaseOfTheMigratedTables() throws Exception {
        for (String db : List.of(LIBRARY, ARCHIVE)) {
            mysql.dropDatabase(db);
            mysql.createDatabase(db);
            try (Connection c = connect(db); Statement st = c.createStatement()) {
                st.execute(MEMBERS);
                if (db.equals(LIBRARY)) {
                    st.execute("CREATE TABLE loans (loan_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                            + "member_no VARCHAR(16) NOT NULL, isbn VARCHAR(20) NOT NULL, due_at DATETIME(3) NOT NULL, "
                            + "returned BOOLEAN NOT NULL)");
                }
            }
        }
        Path mapping = dir.resolve("library-mapping.json");
        try (InputStream in = getClass().getResourceAsStream("/dev/shift/agent/library-mapping.json")) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Files.writeString(mapping, json.replaceFirst("\\{", "{ \"database\": \"" + LIBRARY + "\","));
        }
        AgentJar.Result run = AgentJar.run(AgentJar.currentJava(), List.of("-javaagent:" + AgentJar.path(),
                        "-Dshift.phase=2", "-Dshift.mapping=" + mapping, "-Dshift.dynamodb.endpoint=" + dynamo.endpoint(),
                        "-Dshift.dynamodb.region=" + dynamo.region(), "-Daws.accessKeyId=" + dynamo.accessKeyId(),
                        "-Daws.secretAccessKey=" + dynamo.secretAccessKey(), "-Dshift.state.dir=" + dir.resolve("state"),
                        "-Dshift.admin.port=0", "-Dshift.admin.bind=127.0.0.1"),
                "dev.shift.testfixtures.apps.TwoDatabasesApp", mysql.mariadbJdbcUrl(LIBRARY), mysql.jdbcUrl(ARCHIVE),
                mysql.user(), mysql.password());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", run.value("done"), run::toString);
        assertEquals("0", run.value("outboxLeft"), "the library's outbox was worked off\n" + run);
        assertFalse(tableExists(ARCHIVE, "shift_outbox"), "nothing of Shift's reached the archive\n" + run);
        assertEquals("2", query(LIBRARY, "SELECT tier FROM members WHERE member_no = 'M-1'"), run::toString);
        assertEquals("19", query(ARCHIVE, "SELECT tier FROM members WHERE member_no = 'M-1'"), run::toString);

        try (DynamoDbClient client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(),
                dynamo.secretAccessKey())) {
            Map<String, AttributeValue> ada = client.getItem(r -> r.tableName("Library").consistentRead(true)
                    .key(Map.of("PK", AttributeValue.fromS("MEMBER#M-1"), "SK", AttributeValue.fromS("PROFILE#M-1"))))
                    .item();
            assertEquals("Ada Lovelace", ada.get("full_name").s(), "the library's row, not the archive's: " + ada);
            assertEquals("2", ada.get("tier").n(), "the untranslated UPDATE was copied from the library: " + ada);
            assertTrue(client.getItem(r -> r.tableName("Library").consistentRead(true)
                    .key(Map.of("PK", AttributeValue.fromS("MEMBER#M-2"), "SK", AttributeValue.fromS("PROFILE#M-2"))))
                    .item().isEmpty(), "Alan was deleted in the library (the archive's Alan is not the library's)");
        }
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(mysql.jdbcUrl(db), mysql.user(), mysql.password());
    }

    private static boolean tableExists(String db, String table) throws SQLException {
        return !"0".equals(query(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + db
                + "' AND table_name = '" + table + "'"));
    }

    private static String query(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
