package dev.shift.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.backfill.ShopHistory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The commands as an operator runs them: arguments, exit status, output; against real servers. */
class CliTest {
    private static ShopHistory shop;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void servers() throws Exception {
        shop = new ShopHistory();
        // the CLI takes DynamoDB credentials from the SDK's default chain (environment, system properties, profile)
        System.setProperty("aws.accessKeyId", shop.dynamo.accessKeyId());
        System.setProperty("aws.secretAccessKey", shop.dynamo.secretAccessKey());
    }

    @AfterAll
    static void close() {
        shop.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> connection() {
        return List.of("--jdbc-url", shop.url(), "--db-user", shop.mysql.user(), "--db-password", shop.mysql.password(),
                "--dynamodb-endpoint", shop.dynamo.endpoint().toString(), "--dynamodb-region", shop.dynamo.region(),
                "--table", shop.ddbTable);
    }

    private String[] args(String command, String... more) {
        List<String> a = new ArrayList<>();
        a.add(command);
        a.addAll(connection());
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void badArgumentsExitWithStatus2AndNameTheOption() {
        assertEquals(2, run("backfill"));
        assertTrue(err().contains("--jdbc-url"), err());
        assertTrue(err().contains("Usage:"), err());

        assertEquals(2, run(args("backfill", "--threads", "zero")));
        assertTrue(err().contains("--threads"), err());

        assertEquals(2, run(args("backfill", "--threads", "0")));
        assertTrue(err().contains("--threads must be between 1 and 64"), err());

        assertEquals(2, run(args("verify", "--chunk", "-5")));
        assertTrue(err().contains("--chunk"), err());

        assertEquals(2, run(args("backfill", "--rate", "-1")));
        assertTrue(err().contains("--rate"), err());

        assertEquals(2, run(args("backfill", "--outbox-table", "shift_outbox; DROP TABLE orders")));
        assertTrue(err().contains("--outbox-table must be a plain table name"), err());

        assertEquals(2, run("verify", "--jdbc-url", "jdbc:postgresql://x/y"));
        assertTrue(err().contains("--jdbc-url must be a jdbc:mysql:// URL"), err());

        assertEquals(2, run(args("backfill", "--frobnicate")));
        assertTrue(err().contains("--frobnicate"), err());

        assertEquals(2, run(args("repair")));
        assertTrue(err().contains("--from") && err().contains("--all"), err());

        assertEquals(2, run(args("repair", "--all", "--from", "x.jsonl")));
        assertTrue(err().contains("mutually exclusive"), err());

        assertEquals(2, run("explode"));
        assertTrue(err().contains("explode"), err());

        assertEquals(0, run("backfill", "--help"));
        assertTrue(out().contains("--checkpoint-dir") && out().contains("--no-live-writes"), out());
    }

    @Test
    void backfillVerifyRepairFromTheCommandLine() throws Exception {
        long rows = shop.generate(20, 150, 1);
        Path cp = dir.resolve("cp");
        assertEquals(0, run(args("backfill", "--threads", "2", "--chunk", "50", "--checkpoint-dir", cp.toString(),
                "--no-progress")), err());
        assertTrue(out().contains("backfill complete") && out().contains("rows read " + rows), out());
        assertTrue(out().contains("id counter orders.id = 150"), out());

        Path diff = dir.resolve("diff.jsonl");
        assertEquals(0, run(args("verify", "--out", diff.toString())), out() + err());
        assertTrue(out().contains("0 differences"), out());
        assertEquals(0, Files.size(diff));

        // plant one difference
        shop.client.updateItem(u -> u.tableName(shop.ddbTable)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + userOf(1)), "SK", AttributeValue.fromS(skOf(1))))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("bogus"))));
        assertEquals(1, run(args("verify", "--out", diff.toString())), out() + err());
        assertTrue(out().contains("1 differences") && out().contains("mismatched 1") && out().contains("bogus"), out());
        assertEquals(1, Files.readAllLines(diff).size());
        String summary = Files.readString(dir.resolve("diff.jsonl.summary.json"));
        assertTrue(summary.contains("\"differences\":1") && summary.contains("\"mismatch\":1"), summary);
        assertTrue(Files.readString(dir.resolve("cp").resolve("status.json")).contains("\"state\":\"complete\""));

        assertEquals(0, run(args("repair", "--from", diff.toString())), out() + err());
        assertTrue(out().contains("1 re-copied"), out());
        assertEquals(0, run(args("verify", "--out", diff.toString())), out());

        // repair --all finds and fixes by itself
        shop.client.deleteItem(d -> d.tableName(shop.ddbTable)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + userOf(2)), "SK", AttributeValue.fromS(skOf(2)))));
        assertEquals(0, run(args("repair", "--all")), out() + err());
        assertTrue(out().contains("1 re-copied"), out());
        assertEquals(0, run(args("verify", "--out", diff.toString())), out());

        // DynamoDB as the truth (phase 5): the row follows the item, the item is never changed
        shop.client.updateItem(u -> u.tableName(shop.ddbTable)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + userOf(3)), "SK", AttributeValue.fromS(skOf(3))))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("shipped-in-5"))));
        assertEquals(2, run(args("repair", "--all", "--source", "both")));
        assertTrue(err().contains("--source must be mysql or dynamodb"), err());
        assertEquals(0, run(args("repair", "--all", "--source", "dynamodb")), out() + err());
        assertTrue(out().contains("repair from DynamoDB") && out().contains("1 re-copied"), out());
        try (java.sql.Connection c = shop.connect();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT status FROM orders WHERE id = 3")) {
            assertTrue(rs.next());
            assertEquals("shipped-in-5", rs.getString(1), "MySQL took DynamoDB's state");
        }
        assertEquals(0, run(args("verify", "--out", diff.toString())), out());
    }

    /** kill -9 of a real backfill process at some moment, then the same command again: nothing lost or doubled. */
    @Test
    void killedBackfillProcessResumesWhereItStopped() throws Exception {
        ShopHistory own = new ShopHistory();
        try {
            long rows = own.generate(50, 600, 4);
            Path cp = dir.resolve("killed");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Cli.class.getName(), "backfill",
                    "--jdbc-url", own.url(), "--db-user", own.mysql.user(), "--db-password", own.mysql.password(),
                    "--dynamodb-endpoint", own.dynamo.endpoint().toString(), "--table", own.ddbTable,
                    "--threads", "2", "--chunk", "40", "--rate", "150", "--no-progress", "--checkpoint-dir", cp.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            pb.environment().put("AWS_ACCESS_KEY_ID", own.dynamo.accessKeyId());
            pb.environment().put("AWS_SECRET_ACCESS_KEY", own.dynamo.secretAccessKey());
            Process p = pb.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (own.itemCount() < rows / 4 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(p.isAlive(), "the child ended before it was killed: " + Files.readString(dir.resolve("child.log")));
            p.destroyForcibly().waitFor();
            long partial = own.itemCount();
            assertTrue(partial < rows, "killed in the middle: " + partial + " of " + rows);

            String[] again = {"backfill", "--jdbc-url", own.url(), "--db-user", own.mysql.user(), "--db-password",
                    own.mysql.password(), "--dynamodb-endpoint", own.dynamo.endpoint().toString(), "--table", own.ddbTable,
                    "--threads", "2", "--chunk", "40", "--no-progress", "--checkpoint-dir", cp.toString()};
            assertEquals(0, run(again), out() + err());
            assertTrue(out().contains("backfill complete"), out());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("rows read (\\d+)").matcher(out());
            assertTrue(m.find() && Long.parseLong(m.group(1)) < rows, "resumed from the checkpoints, not from the start: " + out());
            assertEquals(rows, own.itemCount(), "no item lost, none doubled");
            assertEquals(0, run("verify", "--jdbc-url", own.url(), "--db-user", own.mysql.user(), "--db-password",
                    own.mysql.password(), "--dynamodb-endpoint", own.dynamo.endpoint().toString(), "--table", own.ddbTable,
                    "--out", dir.resolve("d.jsonl").toString()), out());
        } finally {
            own.close();
        }
    }

    @Test
    void viewsShowRowsInItemShape() throws Exception {
        assertEquals(0, run("views"));
        String sql = out();
        assertTrue(sql.contains("CREATE OR REPLACE VIEW shift_items_orders"), sql);
        ShopHistory own = new ShopHistory();
        own.generate(3, 5, 2);
        try (Connection c = own.connect(); Statement st = c.createStatement()) {
            for (String s : sql.split(";\n")) {
                if (s.contains("CREATE")) {
                    st.execute(s.substring(s.indexOf("CREATE")));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT PK, SK, GSI1PK, entity, items FROM shift_items_orders WHERE id = 1")) {
                rs.next();
                assertTrue(rs.getString("PK").matches("USER#\\d+"), rs.getString("PK"));
                assertTrue(rs.getString("SK").matches("ORDER#\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}#1"), rs.getString("SK"));
                assertEquals("ORDER#1", rs.getString("GSI1PK"));
                assertTrue(rs.getString("items").contains("price_at_time"), rs.getString("items"));
            }
        } finally {
            own.close();
        }
    }

    private String value(String sql) {
        try (Connection c = shop.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String userOf(long order) {
        return value("SELECT user_id FROM orders WHERE id = " + order);
    }

    private String skOf(long order) {
        return "ORDER#" + value("SELECT LEFT(DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%f'), 23) FROM orders WHERE id = " + order)
                + "#" + order;
    }
}
