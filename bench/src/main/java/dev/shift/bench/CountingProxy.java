package dev.shift.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of the DynamoDB-compatible server that counts the DynamoDB API calls passing
 * through it (by {@code X-Amz-Target}), per label. Shift's own client is shaded inside the agent jar, so an SDK
 * interceptor cannot see its calls; every client pointed at this proxy is counted the same way, Shift or raw SDK.
 * It also asks the server for the capacity units of every data call ({@code ReturnConsumedCapacity}, added to the
 * request when the client did not ask) and sums them per label: what the calls would cost on a DynamoDB bill.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Map<String, AtomicLong>> counts = new ConcurrentHashMap<>();
    /** label → nanoseconds spent waiting for the DynamoDB server (the forwarded call), summed. */
    private final Map<String, AtomicLong> serverNanos = new ConcurrentHashMap<>();
    /** label → capacity units the server reported, in thousandths (read and write together). */
    private final Map<String, AtomicLong> milliUnits = new ConcurrentHashMap<>();
    private volatile String label = "unlabelled";

    public CountingProxy(int port, URI target) throws IOException {
        this.target = target;
        // Without TCP_NODELAY the JDK's server sends headers and body in two segments, and Nagle's algorithm plus the
        // client's delayed ACK add ~40 ms to every call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "counting-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Shift's User-Agent suffix for its background calls (the agent's {@code DynamoClients.BACKGROUND}). */
    static final String BACKGROUND = "shift/background";
    /** Shift's background calls count under the label of the moment with this prefix. */
    public static final String BACKGROUND_PREFIX = "background during ";

    /** Shift's mark on a call made for correctness (the agent's {@code DynamoClients.INDEX_CHECK} and others). */
    private static final java.util.regex.Pattern CHECK = java.util.regex.Pattern.compile("shift-check/(\\S+)");
    /** Such a call counts as its operation with this suffix and the reason. */
    public static final String FOR_CORRECTNESS = " (for correctness: ";

    /** Calls from now on count under this label. */
    public void label(String label) {
        this.label = label;
    }

    /** label → API operation → calls. */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((l, ops) -> {
            Map<String, Long> m = new TreeMap<>();
            ops.forEach((op, n) -> m.put(op, n.get()));
            out.put(l, m);
        });
        return out;
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String op = amzTarget == null ? "(none)" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            String userAgent = ex.getRequestHeaders().getFirst("User-Agent");
            // Shift's background work (reverse sync, outbox, table check) is its own: not the operation running now.
            String countedAs = userAgent != null && userAgent.contains(BACKGROUND) ? BACKGROUND_PREFIX + label : label;
            java.util.regex.Matcher check = userAgent == null ? null : CHECK.matcher(userAgent);
            if (check != null && check.find()) {
                op = op + FOR_CORRECTNESS + check.group(1) + ")";   // e.g. GetItem (for correctness: index-check)
            }
            counts.computeIfAbsent(countedAs, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
            String apiName = amzTarget == null ? "" : amzTarget.substring(amzTarget.indexOf('.') + 1);
            body = askingForCapacity(apiName, body);
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    for (String v : h.getValue()) {
                        req.header(h.getKey(), v);
                    }
                }
            }
            HttpResponse<byte[]> resp;
            long sent = System.nanoTime();
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
                serverNanos.computeIfAbsent(countedAs, k -> new AtomicLong()).addAndGet(System.nanoTime() - sent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (IOException e) {
                ex.sendResponseHeaders(502, -1);
                return;
            }
            resp.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] out = resp.body();
            if (resp.statusCode() == 200 && CAPACITY_APIS.contains(apiName)) {
                milliUnits.computeIfAbsent(countedAs, k -> new AtomicLong()).addAndGet(milliUnits(out));
            }
            ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** The data calls whose answer can carry ConsumedCapacity. */
    private static final Set<String> CAPACITY_APIS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "Scan", "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");
    private static final java.util.regex.Pattern UNITS = java.util.regex.Pattern.compile("\"CapacityUnits\":\\s*([0-9.]+)");

    /** The request with {@code "ReturnConsumedCapacity":"TOTAL"} when it is a data call that does not ask already. */
    static byte[] askingForCapacity(String api, byte[] body) {
        String json = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (!CAPACITY_APIS.contains(api) || json.contains("\"ReturnConsumedCapacity\"") || !json.startsWith("{")) {
            return body;
        }
        String separator = json.substring(1).trim().startsWith("}") ? "" : ",";   // "{}" has no field to follow
        return ("{\"ReturnConsumedCapacity\":\"TOTAL\"" + separator + json.substring(1))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The capacity units an answer reports (TOTAL: one figure per table), in thousandths. */
    static long milliUnits(byte[] answer) {
        java.util.regex.Matcher m = UNITS.matcher(new String(answer, java.nio.charset.StandardCharsets.UTF_8));
        long sum = 0;
        while (m.find()) {
            sum += Math.round(Double.parseDouble(m.group(1)) * 1000);
        }
        return sum;
    }

    /** label → capacity units the server reported for the calls counted under it. */
    public Map<String, Double> capacityUnits() {
        Map<String, Double> out = new TreeMap<>();
        milliUnits.forEach((l, n) -> out.put(l, n.get() / 1000.0));
        return out;
    }

    /** label → nanoseconds the calls counted under it spent in the server behind the proxy (DynamoDB's own time). */
    public Map<String, Long> serverNanos() {
        Map<String, Long> out = new TreeMap<>();
        serverNanos.forEach((l, n) -> out.put(l, n.get()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
