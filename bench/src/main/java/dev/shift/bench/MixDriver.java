package dev.shift.bench;

import com.acme.shop.Database;
import com.fasterxml.jackson.jr.ob.JSON;
import com.zaxxer.hikari.HikariDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Item 3's driver, run in its own JVM: {@code shift} mode runs the request mix through the shop's DAOs in a JVM
 * started with Shift's agent; {@code raw} mode runs it through {@link RawOps} in a JVM without it. Both talk to
 * DynamoDB through a {@link CountingProxy} in this JVM, which counts the calls of each operation. Writes the
 * counts and the time of every operation as JSON.
 */
public final class MixDriver {

    interface Op {
        void run(ShopOps ops, long user, long p1, long p2, long[] order) throws Exception;
    }

    /** One iteration: a shopper's cart changes, a checkout, then reading and cancelling the order. */
    static final Map<String, Op> MIX = new LinkedHashMap<>();

    static {
        MIX.put("add (C1)", (o, u, p1, p2, ord) -> o.add(u, p1, 1));
        MIX.put("add 2nd line (C1)", (o, u, p1, p2, ord) -> o.add(u, p2, 2));
        MIX.put("change quantity (C3)", (o, u, p1, p2, ord) -> o.setQuantity(u, p1, 3));
        MIX.put("line quantity (C2)", (o, u, p1, p2, ord) -> o.quantity(u, p1));
        MIX.put("cart page (C6)", (o, u, p1, p2, ord) -> o.cart(u));
        MIX.put("badge (C7)", (o, u, p1, p2, ord) -> o.summary(u));
        MIX.put("remove line (C4)", (o, u, p1, p2, ord) -> o.remove(u, p2));
        MIX.put("checkout (C6 O1 O2 C5 tx)", (o, u, p1, p2, ord) -> ord[0] = o.checkout(u));
        MIX.put("history (O3)", (o, u, p1, p2, ord) -> o.history(u));
        MIX.put("order count (O4)", (o, u, p1, p2, ord) -> o.count(u));
        MIX.put("order by id (O5)", (o, u, p1, p2, ord) -> o.order(ord[0]));
        MIX.put("order lines (O6)", (o, u, p1, p2, ord) -> o.lines(ord[0]));
        MIX.put("cancel (O7)", (o, u, p1, p2, ord) -> o.cancel(ord[0], u));
    }

    private MixDriver() {
    }

    public static void main(String[] a) throws Exception {
        Map<String, String> arg = new HashMap<>();
        for (int i = 0; i + 1 < a.length; i += 2) {
            arg.put(a[i], a[i + 1]);
        }
        boolean shift = arg.get("--mode").equals("shift");
        int phase = Integer.parseInt(arg.get("--phase"));
        int iterations = Integer.parseInt(arg.get("--iterations"));
        int warmUp = Integer.parseInt(arg.get("--warmup"));
        long[] users = java.util.Arrays.stream(arg.get("--users").split(",")).mapToLong(Long::parseLong).toArray();
        try (CountingProxy proxy = new CountingProxy(Integer.parseInt(arg.get("--proxy-port")), URI.create(arg.get("--dynamo")));
             HikariDataSource ds = Database.pool(arg.get("--jdbc"), arg.get("--user"), arg.get("--password"), 4)) {
            proxy.label("setup");
            ShopOps ops;
            DynamoDbClient client = null;
            if (shift) {
                ops = new ShopDaoOps(ds);
            } else {
                client = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(Region.of(arg.get("--region")))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
                        .httpClient(ApacheHttpClient.create()).build();
                RawOps.createTable(client, arg.get("--table"));
                ops = new RawOps(ds, client, arg.get("--table"), phase);
            }
            Map<String, List<Long>> nanos = new LinkedHashMap<>();
            MIX.keySet().forEach(k -> nanos.put(k, new ArrayList<>()));
            long[] order = new long[1];
            for (int it = 0; it < warmUp + iterations; it++) {
                boolean measured = it >= warmUp;
                long user = users[it % users.length];
                long p1 = 1 + it % 10;
                long p2 = 11 + it % 10;
                for (Map.Entry<String, Op> e : MIX.entrySet()) {
                    proxy.label(measured ? e.getKey() : "warm-up");
                    long t0 = System.nanoTime();
                    e.getValue().run(ops, user, p1, p2, order);
                    long t = System.nanoTime() - t0;
                    proxy.label("between");
                    if (measured) {
                        nanos.get(e.getKey()).add(t);
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("iterations", iterations);
            out.put("calls", proxy.counts());
            out.put("nanos", nanos);
            out.put("serverNanos", proxy.serverNanos());
            out.put("capacityUnits", proxy.capacityUnits());
            Files.writeString(Path.of(arg.get("--out")), JSON.std.asString(out));
            if (client != null) {
                client.close();
            }
        }
        System.exit(0);
    }
}
