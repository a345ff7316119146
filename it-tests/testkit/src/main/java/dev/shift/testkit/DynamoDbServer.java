package dev.shift.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private DynamoDB-compatible server for tests: dynalite 4.0.0 (Apache-2.0; Amazon's DynamoDB Local is not used)
 * plus {@code TransactWriteItems}/{@code TransactGetItems}, run by {@code node} as its own process on 127.0.0.1.
 * The first start on a machine runs {@code npm ci} once into {@code ~/.cache/shift/ddb-server/<hash>/} (a few
 * seconds; needs the npm registry); later starts take well under a second.
 *
 * <p>Build a client against it like this (the testkit itself does not depend on the AWS SDK):
 * <pre>{@code
 * DynamoDbClient ddb = DynamoDbClient.builder()
 *         .endpointOverride(server.endpoint())
 *         .region(Region.of(server.region()))
 *         .credentialsProvider(StaticCredentialsProvider.create(
 *                 AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
 *         .httpClient(ApacheHttpClient.create())   // or UrlConnectionHttpClient, whichever is on the class path
 *         .build();
 * }</pre>
 * Tables are ACTIVE as soon as CreateTable returns (no waiter needed).
 *
 * <p>{@link #stop()} and {@link #restart()} keep the same port, so clients built before keep working after a
 * restart; only a server {@linkplain #start(Path) started with a data dir} keeps its tables across a restart.
 *
 * <p>If {@code shift.dynamodb.endpoint} (or env {@code SHIFT_DYNAMODB_ENDPOINT}) is set, {@link #start()} returns a
 * handle to that endpoint instead, and stop/restart are refused.
 */
public final class DynamoDbServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

    private final URI externalEndpoint;
    private final Path dataDir;  // null: in memory
    private final Path workDir;  // log file
    private final Path logFile;
    private final List<String> serverOptions;
    private int port;            // fixed after the first start, so restart() comes back on the same one
    private Process process;
    private Process watchdog;
    private volatile boolean paused;
    private boolean closed;

    private DynamoDbServer(URI externalEndpoint, Path dataDir, Path workDir, List<String> serverOptions) {
        this.externalEndpoint = externalEndpoint;
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.serverOptions = List.copyOf(serverOptions);
        this.logFile = workDir == null ? null : workDir.resolve("dynalite.log");
    }

    /** An in-memory server (or the configured external endpoint); ready for requests on return. */
    public static DynamoDbServer start() {
        return start(null);
    }

    /** A server keeping its tables in LevelDB under {@code dataDir} (created if missing; never deleted by us). */
    public static DynamoDbServer start(Path dataDir) {
        return start(dataDir, new String[0]);
    }

    /**
     * As {@link #start(Path)} ({@code dataDir} null: in memory), with options of {@code server.js} such as
     * {@code --task-timeout-ms 1000}.
     */
    public static DynamoDbServer start(Path dataDir, String... serverOptions) {
        String external = Config.get("shift.dynamodb.endpoint", "SHIFT_DYNAMODB_ENDPOINT");
        if (external != null) {
            return new DynamoDbServer(URI.create(external), null, null, List.of());
        }
        Path absoluteDataDir = null;
        if (dataDir != null) {
            try {
                absoluteDataDir = Files.createDirectories(dataDir).toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DynamoDB data dir " + dataDir, e);
            }
        }
        DynamoDbServer server = new DynamoDbServer(null, absoluteDataDir, Workdirs.newDir("dynamodb-"),
                List.of(serverOptions));
        long t0 = System.nanoTime();
        server.launch();
        Processes.closeOnExit(server);
        System.err.println("[shift-testkit] DynamoDB (dynalite) ready at " + server.endpoint() + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms (log " + server.logFile + ")");
        return server;
    }

    /** {@code http://127.0.0.1:PORT} (or the configured external endpoint). */
    public URI endpoint() {
        if (externalEndpoint != null) {
            return externalEndpoint;
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    public String region() {
        return "us-east-1";
    }

    /** Any non-empty key works: dynalite checks the request is signed, not by whom. */
    public String accessKeyId() {
        return "local";
    }

    public String secretAccessKey() {
        return "local";
    }

    public synchronized int port() {
        return externalEndpoint != null ? externalEndpoint.getPort() : port;
    }

    public boolean isExternal() {
        return externalEndpoint != null;
    }

    /** The LevelDB dir, or null when the data lives in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The server's stdout/stderr (null for an external endpoint). */
    public Path logFile() {
        return logFile;
    }

    /** The running node process, or null (stopped, or an external endpoint); for tests that check for leftovers. */
    public synchronized ProcessHandle processHandle() {
        return process == null ? null : process.toHandle();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Null if the server answers {@code ListTables} within {@code within}; otherwise what is wrong, in words a red
     * test run can show as is: which server, for how long, what its queue holds, and its log's last lines.
     */
    public String problem(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (listTablesAnswers((int) Math.max(50, Math.min(2000, left)))) {
                return null;
            }
            MariaDbServer.sleep(100);
        } while (System.nanoTime() < deadline);
        String state = externalEndpoint != null ? "an external endpoint"
                : !isRunning() ? "its process is not running" : "queue: " + status();
        String waited = within.toMillis() % 1000 == 0 ? within.toSeconds() + " s" : within.toMillis() + " ms";
        return "the DynamoDB test server at :" + port() + " has not answered ListTables for " + waited + "; " + state + (logFile == null ? "" : "\n" + Workdirs.tail(logFile, 15));
    }

    /**
     * The server's queue as {@code server.js} reports it ({@code GET /__shift/status}, which never waits in the queue
     * itself): the write running and for how long, writes queued, reads running and waiting, requests answered 500
     * because they took too long. A short text in parentheses if the server does not answer that either.
     */
    public String status() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/__shift/status").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "(no status: " + e + ")";
        }
    }

    /** For a failing test's message: this server, its state and its log's last lines. */
    public String diagnosis() {
        if (externalEndpoint != null) {
            return toString();
        }
        return this + (isRunning() ? (paused ? " paused (SIGSTOP)" : " queue: " + status()) : " not running")
                + "\n" + Workdirs.tail(logFile, 10);
    }

    /** Stops the server process (SIGTERM, then SIGKILL); requests then fail with connection refused. */
    public synchronized void stop() {
        requireOwned("stop");
        stopProcess();
    }

    /**
     * Freezes the server (SIGSTOP): connections are accepted by the kernel but nothing is answered, so clients hit
     * their timeouts, as with a hung DynamoDB. {@link #resume()} lets it go on where it was.
     */
    public synchronized void pause() {
        requireOwned("pause");
        requireRunning();
        Processes.freeze(process.toHandle());
        paused = true;
    }

    /** Undoes {@link #pause()} (SIGCONT). */
    public synchronized void resume() {
        requireOwned("resume");
        requireRunning();
        Processes.signal(process.toHandle(), "CONT");
        paused = false;
    }

    /** Starts it again on the same port (stopping it first if it runs); in-memory data is gone, a data dir's is not. */
    public synchronized void restart() {
        requireOwned("restart");
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        stopProcess();
        launch();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Processes.forget(this);
        if (externalEndpoint == null) {
            stopProcess();
        }
    }

    @Override
    public String toString() {
        return externalEndpoint != null ? "DynamoDbServer[external " + externalEndpoint + "]"
                : "DynamoDbServer[" + endpoint() + (dataDir != null ? ", data " + dataDir : ", in memory") + "]";
    }

    private void requireOwned(String what) {
        if (externalEndpoint != null) {
            throw new UnsupportedOperationException("cannot " + what + " the external DynamoDB endpoint "
                    + externalEndpoint + " (set by shift.dynamodb.endpoint)");
        }
    }

    private void requireRunning() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        if (paused && process.isAlive()) {
            Processes.signal(process.toHandle(), "CONT"); // a stopped process would not act on SIGTERM
        }
        paused = false;
        Processes.stop(process, STOP_GRACE);
        process = null;
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Workdirs.portOpen(port) && System.nanoTime() < deadline) {
            MariaDbServer.sleep(20);
        }
    }

    /** Starts node on {@link #port} (0 the first time: node picks one and tells us), then waits for ListTables. */
    private void launch() {
        Path dir = DynamoDbLauncher.installedDir();
        // If the previous process of a restart still holds the port for a moment, try again briefly.
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                launchOnce(dir, deadline);
                return;
            } catch (PortBusyException e) {
                if (attempt >= 20 || System.nanoTime() > deadline) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                MariaDbServer.sleep(250);
            }
        }
    }

    private void launchOnce(Path dir, long deadline) {
        List<String> command = Workdirs.list(Binaries.node().toString(), "server.js",
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--parent-pid", Long.toString(ProcessHandle.current().pid()));
        if (dataDir != null) {
            command.add("--path");
            command.add(dataDir.toString());
        }
        command.addAll(serverOptions);
        long logOffset;
        try {
            logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
        // node also watches our pid itself (--parent-pid), but cannot while paused by SIGSTOP: the watchdog can.
        watchdog = Watchdog.watch(process, null);
        int readyPort = awaitReadyLine(logOffset, deadline);
        if (port == 0) {
            port = readyPort;
        }
        while (!listTablesAnswers(2000)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                Processes.stop(process, Duration.ZERO);
                throw new IllegalStateException("dynalite on port " + port + " does not answer ListTables\n"
                        + Workdirs.tail(logFile, 30));
            }
            MariaDbServer.sleep(20);
        }
    }

    private int awaitReadyLine(long logOffset, long deadline) {
        while (true) {
            String output = readLogFrom(logOffset);
            Matcher m = READY.matcher(output);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                String message = "dynalite exited with code " + process.exitValue() + " while starting\n"
                        + Workdirs.tail(logFile, 30);
                if (output.contains("EADDRINUSE")) {
                    throw new PortBusyException(message);
                }
                throw new IllegalStateException(message);
            }
            if (System.nanoTime() > deadline) {
                Processes.stop(process, Duration.ZERO);
                throw new IllegalStateException("dynalite did not start within " + START_TIMEOUT.toSeconds() + " s\n"
                        + Workdirs.tail(logFile, 30));
            }
            MariaDbServer.sleep(15);
        }
    }

    private String readLogFrom(long offset) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A signed-looking ListTables: dynalite checks that the auth headers are there, not the signature. */
    private boolean listTablesAnswers(int readTimeoutMillis) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(readTimeoutMillis);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
            c.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.ListTables");
            c.setRequestProperty("X-Amz-Date", "20250101T000000Z");
            c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/"
                    + "aws4_request, SignedHeaders=host, Signature=0");
            try (OutputStream out = c.getOutputStream()) {
                out.write("{}".getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            c.getInputStream().readAllBytes();
            c.disconnect();
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** EADDRINUSE on a restart: the old process or a stranger still has our port. */
    private static final class PortBusyException extends IllegalStateException {
        PortBusyException(String message) {
            super(message);
        }
    }
}
