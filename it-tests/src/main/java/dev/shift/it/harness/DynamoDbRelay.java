package dev.shift.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP relay in front of the DynamoDB server, given to the agent as its endpoint, for fault tests. It
 * passes every request through until told to {@linkplain #holdWrites(boolean) hold writes}: from then on each
 * write request ({@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code BatchWriteItem},
 * {@code TransactWriteItems}) is kept back, never reaching the server, and its caller waits for an answer that
 * never comes, while reads still pass. So a test can stop a process between its MySQL commit and its DynamoDB
 * write for certain, and nothing held is applied later. The server itself is never touched.
 *
 * <p>Requests are read one at a time per connection (HTTP/1.1 with {@code Content-Length}, as the AWS SDK sends
 * them); answers are relayed byte for byte.
 */
public final class DynamoDbRelay implements AutoCloseable {

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong held = new AtomicLong();
    private volatile boolean holding;
    private volatile boolean closed;

    private DynamoDbRelay(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** A relay on a free loopback port to {@code endpoint}'s host and port. */
    public static DynamoDbRelay start(URI endpoint) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        DynamoDbRelay relay = new DynamoDbRelay(listener, new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
        Thread accept = new Thread(relay::acceptLoop, "dynamodb-relay-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    /** {@code http://127.0.0.1:PORT} of the relay. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * On: write requests from now on are kept back (their callers hang). Off: requests pass again; connections
     * with a held request are closed, so their callers get an error instead of waiting for their timeout.
     */
    public void holdWrites(boolean on) {
        holding = on;
        if (!on) {
            for (Connection c : connections) {
                if (c.heldRequest) {
                    c.close();
                }
            }
        }
    }

    /** Write requests kept back so far. */
    public long held() {
        return held.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            try {
                Socket server = new Socket();
                server.connect(target, 5_000);
                Connection c = new Connection(client, server);
                connections.add(c);
                c.start();
            } catch (IOException e) {
                closeQuietly(client);   // the server is down: the client sees the connection close
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(Connection::close);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** One client connection and its connection to the server. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean heldRequest;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::requests, "dynamodb-relay-requests");
            Thread down = new Thread(this::answers, "dynamodb-relay-answers");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        /** Client → server, one request at a time; a write while holding is kept back and ends the relaying. */
        private void requests() {
            try (InputStream in = client.getInputStream()) {
                OutputStream out = server.getOutputStream();
                while (true) {
                    byte[] head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    String headers = new String(head, StandardCharsets.ISO_8859_1);
                    byte[] body = in.readNBytes(contentLength(headers));
                    if (holding && WRITES.contains(operation(headers))) {
                        heldRequest = true;
                        held.incrementAndGet();
                        // Keep the connection open and answer nothing: the caller waits, as for a hung DynamoDB.
                        while (in.read() >= 0) {
                            // discard whatever else comes until the caller goes away
                        }
                        return;
                    }
                    out.write(head);
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                close();
            }
        }

        /** Server → client, byte for byte. */
        private void answers() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = server.getInputStream()) {
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            connections.remove(this);
        }
    }

    /** The request line and headers up to and including the blank line; null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int last4 = 0;   // the last four bytes read
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0D0A0D0A) {   // \r\n\r\n
                return head.toByteArray();
            }
            if (head.size() > 64 * 1024) {
                throw new IOException("request head over 64 KiB");
            }
        }
        if (head.size() > 0) {
            throw new IOException("connection closed inside a request head");
        }
        return null;
    }

    private static int contentLength(String headers) throws IOException {
        String value = header(headers, "content-length");
        if (value == null) {
            if (header(headers, "transfer-encoding") != null) {
                throw new IOException("chunked requests are not relayed");
            }
            return 0;
        }
        return Integer.parseInt(value.trim());
    }

    /** {@code X-Amz-Target: DynamoDB_20120810.PutItem} → {@code PutItem}. */
    private static String operation(String headers) {
        String target = header(headers, "x-amz-target");
        return target == null ? "" : target.substring(target.indexOf('.') + 1).trim();
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
