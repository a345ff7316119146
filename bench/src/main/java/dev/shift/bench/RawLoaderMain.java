package dev.shift.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw baseline of items 4/5 in a fresh JVM, like Shift's CLI: options read and the client built first, then the
 * timed work; prints {@code raw <mode> <rows> rows in <seconds> s} the way the CLI prints its own duration.
 */
public final class RawLoaderMain {

    private RawLoaderMain() {
    }

    public static void main(String[] a) throws Exception {
        Map<String, String> arg = new HashMap<>();
        for (int i = 0; i + 1 < a.length; i += 2) {
            arg.put(a[i], a[i + 1]);
        }
        var items = ItemsFile.read(Path.of(arg.get("--items")));
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(arg.get("--dynamo")))
                .region(Region.of(arg.get("--region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.create()).build();
        RawLoaders raw = new RawLoaders(arg.get("--jdbc"), arg.get("--user"), arg.get("--password"), client,
                Integer.parseInt(arg.get("--chunk")), items);
        int threads = Integer.parseInt(arg.get("--threads"));
        String table = arg.get("--table");
        boolean load = arg.get("--mode").equals("load");
        // The table exists already (the bench created it, as it does Shift's): the first DynamoDB call, the slowest,
        // is inside the timer here as it is in Shift's run.
        long t0 = System.nanoTime();
        long rows;
        if (load) {
            raw.load(table, threads);
            rows = items.size();
        } else {
            rows = raw.verify(table, threads);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String line = String.format(Locale.ROOT, "raw %s %d rows in %.3f s, capacity units read %.1f, written %.1f",
                arg.get("--mode"), rows, secs, raw.readUnits.sum(), raw.writeUnits.sum());
        System.out.println(line);
        Files.writeString(Path.of(arg.get("--out")), line);
        client.close();
        System.exit(0);
    }
}
