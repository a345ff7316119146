package dev.shift.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relay in front of the DynamoDB test server that injects what real DynamoDB does and the test server does not:
 * throttling, 500s, transaction conflicts, and a response lost after the write was applied. Point the client at
 * {@link #endpoint()}; {@link #inject} queues faults for an operation (the {@code X-Amz-Target} suffix, e.g.
 * {@code UpdateItem}); every other request passes through unchanged. One request per connection to the server
 * behind it, so a fault never leaks into the next request.
 */
public final class FaultRelay implements AutoCloseable {

    /** What happens to the next request of an operation. */
    public enum Fault {
        /** 400 ProvisionedThroughputExceededException, not forwarded. */
        THROTTLE(400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded"),
        /** 500 InternalServerError, not forwarded. */
        SERVER_ERROR(500, "InternalServerError", "Internal server error"),
        /** 400 TransactionCanceledException with a TransactionConflict reason, not forwarded. */
        TRANSACTION_CONFLICT(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]"),
        /** Forwarded and applied; the answer never reaches the client (the connection closes). */
        LOSE_RESPONSE(0, null, null),
        /**
         * A Query on an index answers what the same Query answered the first time it passed the relay (forwarded as
         * usual when it never did): a GSI that has not caught up with the table yet.
         */
        STALE_INDEX(0, null, null),
        /**
         * BatchWriteItem / BatchGetItem: nothing is forwarded and every item or key comes back unprocessed, as when
         * DynamoDB throttles a batch; the client must send them again.
         */
        UNPROCESSED(0, null, null);

        final int status;
        final String type;
        final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private final URI upstream;
    private final ServerSocket server;
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final Map<String, byte[]> firstIndexAnswers = new ConcurrentHashMap<>();   // Query body → answer
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private FaultRelay(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "fault-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay to the server at {@code upstream} (http://host:port). */
    public static FaultRelay start(URI upstream) {
        try {
            return new FaultRelay(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fault relay's port", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next {@code times} requests of {@code operation} meet {@code fault}. */
    public void inject(String operation, Fault fault, int times) {
        Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < times; i++) {
                q.add(fault);
            }
        }
    }

    /**
     * Requests of {@code operation} are held (received, not forwarded) until {@link #release}: calls kept in flight
     * for as long as a test needs to look at what the client does meanwhile. At most 30 s.
     */
    public void hold(String operation) {
        holds.putIfAbsent(operation, new CountDownLatch(1));
    }

    /** Forwards the held requests of {@code operation}, and those that follow. */
    public void release(String operation) {
        CountDownLatch held = holds.remove(operation);
        if (held != null) {
            held.countDown();
        }
    }

    /** How many faults were injected into {@code operation} so far. */
    public int injected(String operation) {
        AtomicInteger n = injected.get(operation);
        return n == null ? 0 : n.get();
    }

    /** How many requests of {@code operation} reached the relay so far, faulted or forwarded. */
    public int received(String operation) {
        AtomicInteger n = received.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * How many requests of {@code operation} the server has answered so far (applied there), whether or not their
     * client was still waiting: a held request whose client gave up lands when it is released.
     */
    public int forwarded(String operation) {
        AtomicInteger n = forwarded.get(operation);
        return n == null ? 0 : n.get();
    }

    private Fault next(String operation) {
        received.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        Deque<Fault> q = faults.get(operation);
        if (q == null) {
            return null;
        }
        synchronized (q) {
            Fault f = q.poll();
            if (f != null) {
                injected.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            }
            return f;
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "fault-relay-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[fault-relay] accept failed: " + e);
                }
            }
        }
    }

    /** Serves one client connection, request after request (the SDK keeps connections alive). */
    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                Request r = Request.read(in);
                if (r == null) {
                    return;
                }
                Fault f = next(r.operation());
                CountDownLatch held = holds.get(r.operation());
                if (held != null) {
                    try {
                        held.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (f == Fault.LOSE_RESPONSE) {
                    forward(r);   // applied by the server; the client hears nothing
                    return;
                }
                String indexQuery = r.operation().equals("Query") && new String(r.body(), StandardCharsets.UTF_8).contains("\"IndexName\"")
                        ? new String(r.body(), StandardCharsets.UTF_8) : null;
                byte[] answer;
                if (f == Fault.UNPROCESSED) {
                    answer = unprocessed(r);
                } else if (f == Fault.STALE_INDEX && indexQuery != null && firstIndexAnswers.containsKey(indexQuery)) {
                    answer = firstIndexAnswers.get(indexQuery);
                } else {
                    answer = f == null || f == Fault.STALE_INDEX ? forward(r) : error(f);
                    if (indexQuery != null && f == null) {
                        firstIndexAnswers.putIfAbsent(indexQuery, answer);
                    }
                }
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private byte[] forward(Request r) throws IOException {
        try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            up.setSoTimeout(30_000);
            OutputStream o = up.getOutputStream();
            o.write(r.head(true).getBytes(StandardCharsets.ISO_8859_1));
            o.write(r.body());
            o.flush();
            byte[] answer = up.getInputStream().readAllBytes();   // the server closes after its answer (Connection: close)
            forwarded.computeIfAbsent(r.operation(), k -> new AtomicInteger()).incrementAndGet();
            return answer;
        }
    }

    /** The batch's own RequestItems handed back as unprocessed (the request's other fields are ignored by clients). */
    private static byte[] unprocessed(Request r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        String field = r.operation().equals("BatchGetItem") ? "\"Responses\":{},\"UnprocessedKeys\"" : "\"UnprocessedItems\"";
        return ok(body.replaceFirst("\"RequestItems\"", java.util.regex.Matcher.quoteReplacement(field)));
    }

    private static byte[] ok(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: fault-relay\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] error(Fault f) {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + f.type + "\",\"message\":\"" + f.message + "\""
                + (f == Fault.TRANSACTION_CONFLICT ? ",\"CancellationReasons\":[{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is ongoing for the item\"}]" : "")
                + "}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + f.status + (f.status == 500 ? " Internal Server Error" : " Bad Request") + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: fault-relay\r\nContent-Length: " + b.length
                + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** One HTTP/1.1 request with a Content-Length body (what the AWS SDK sends). */
    private record Request(String requestLine, String headers, byte[] body, String operation) {

        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;   // the last four bytes read, to find the blank line that ends the head
            int b;
            while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            if (last4 != 0x0d0a0d0a) {
                return null;   // the client closed the connection
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            int length = 0;
            String operation = "";
            StringBuilder headers = new StringBuilder();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("x-amz-target")) {
                    operation = value.substring(value.indexOf('.') + 1);
                }
                if (!name.equals("connection")) {
                    headers.append(line).append("\r\n");
                }
            }
            byte[] body = in.readNBytes(length);
            return new Request(lines[0], headers.toString(), body, operation);
        }

        String head(boolean closeAfter) {
            return requestLine + "\r\n" + headers + (closeAfter ? "Connection: close\r\n" : "") + "\r\n";
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
