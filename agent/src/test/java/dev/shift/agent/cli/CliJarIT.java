package dev.shift.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.AgentJar;
import dev.shift.agent.backfill.ShopHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands from the packaged (shaded, relocated) jar in their own JVM: picocli, the progress bar, Shift's
 * own Connector/J and the AWS SDK all work from inside the jar, with nothing else on the class path.
 */
class CliJarIT {
    @TempDir
    Path dir;

    private String run(List<String> args, ShopHistory shop, int expectedExit) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AgentJar.currentJava().toString(), "-cp", AgentJar.path().toString(),
                Cli.class.getName()));
        cmd.addAll(args);
        Path log = Files.createTempFile(dir, "cli", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", shop.dynamo.accessKeyId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", shop.dynamo.secretAccessKey());
        pb.environment().put("SHIFT_DB_PASSWORD", shop.mysql.password());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        String out = Files.readString(log);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    @Test
    void backfillAndVerifyFromTheShadedJar() throws Exception {
        AgentJar.path();   // skips outside `mvn verify` before starting anything
        ShopHistory shop = new ShopHistory();
        try {
            long rows = shop.generate(20, 200, 8);
            List<String> conn = List.of("--jdbc-url", shop.url(), "--db-user", shop.mysql.user(),
                    "--dynamodb-endpoint", shop.dynamo.endpoint().toString(), "--table", shop.ddbTable);
            List<String> backfill = new ArrayList<>(List.of("backfill", "--checkpoint-dir", dir.resolve("cp").toString()));
            backfill.addAll(conn);
            String out = run(backfill, shop, 0);
            assertTrue(out.contains("backfill complete") && out.contains("rows read " + rows), out);
            assertTrue(out.contains("backfill 100%"), "progress bar: " + out);
            List<String> verify = new ArrayList<>(List.of("verify", "--out", dir.resolve("d.jsonl").toString()));
            verify.addAll(conn);
            out = run(verify, shop, 0);
            assertTrue(out.contains("0 differences"), out);
            out = run(List.of("verify", "--threads", "nope", "--jdbc-url", shop.url()), shop, 2);
            assertTrue(out.contains("--threads"), out);
        } finally {
            shop.close();
        }
    }
}
