package dev.shift.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.backfill.ShopHistory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The big run, by hand (minutes on a small machine; the progress bar goes to the console):
 * {@code mvn -B -o -pl agent test -Dtest=BackfillScaleTest -Dshift.backfill.scale=2000,20000 -Dshift.backfill.threads=4}
 */
@EnabledIfSystemProperty(named = "shift.backfill.scale", matches = "\\d+,\\d+")
class BackfillScaleTest {
    @TempDir
    Path dir;

    @Test
    void bigHistoryMovesWithOneCommandAndVerifies() throws Exception {
        String[] scale = System.getProperty("shift.backfill.scale").split(",");
        String threads = System.getProperty("shift.backfill.threads", "4");
        ShopHistory shop = new ShopHistory();
        try {
            System.setProperty("aws.accessKeyId", shop.dynamo.accessKeyId());
            System.setProperty("aws.secretAccessKey", shop.dynamo.secretAccessKey());
            long t0 = System.nanoTime();
            long rows = shop.generate(Integer.parseInt(scale[0]), Integer.parseInt(scale[1]), 2026);
            System.err.printf("generated %d rows in %d ms%n", rows, (System.nanoTime() - t0) / 1_000_000);
            String[] conn = {"--jdbc-url", shop.url(), "--db-user", shop.mysql.user(), "--db-password", shop.mysql.password(),
                    "--dynamodb-endpoint", shop.dynamo.endpoint().toString(), "--table", shop.ddbTable, "--threads", threads};
            String[] backfill = concat(new String[] {"backfill", "--checkpoint-dir", dir.resolve("cp").toString()}, conn);
            if (Boolean.getBoolean("shift.backfill.noLiveWrites")) {
                backfill = concat(backfill, new String[] {"--no-live-writes"});
            }
            assertEquals(0, Cli.run(backfill));
            long t1 = System.nanoTime();
            assertEquals(0, Cli.run(concat(new String[] {"verify", "--out", dir.resolve("diff.jsonl").toString()}, conn)));
            System.err.printf("verify took %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        } finally {
            shop.close();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
