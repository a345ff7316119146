package dev.shift.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A private MySQL-compatible server for tests: Debian's {@code mariadb-server} binaries started with their own data
 * dir, socket and port on 127.0.0.1, root with an empty password. Nothing of the machine's own MariaDB (config files,
 * {@code /var/lib/mysql}, port 3306) is read or touched.
 *
 * <pre>{@code
 * try (MariaDbServer db = MariaDbServer.start()) {
 *     db.createDatabase("shop");
 *     try (Connection c = DriverManager.getConnection(db.jdbcUrl("shop"), db.user(), db.password())) { ... }
 * }
 * }</pre>
 *
 * <p>If {@code shift.mysql.url} (or env {@code SHIFT_MYSQL_URL}) is set, {@link #start()} uses that server instead
 * (user/password from {@code shift.mysql.user}/{@code shift.mysql.password} or {@code SHIFT_MYSQL_USER}/
 * {@code SHIFT_MYSQL_PASSWORD}); {@link #close()} then leaves it running. {@link #createDatabase} then needs a JDBC
 * driver for that URL on the class path.
 *
 * <p>Fault tests: {@link #stop()}/{@link #restart()} (same port, same data) and {@link #pause()}/{@link #resume()}
 * (SIGSTOP/SIGCONT: the server hangs rather than refuses). Use your own instance for that, not {@link TestServers}'.
 *
 * <p>Binaries are looked up in {@code shift.mariadb.bindir} if set, else /usr/sbin, /usr/bin, /usr/local/bin, PATH.
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int MAX_SOCKET_PATH = 100; // sun_path is 108 bytes on Linux
    private static final Pattern BIND_FAILURE = Pattern.compile("Address already in use|Can't start server: Bind");

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String externalUrl; // non-null: someone else's server, never stopped by us
    private final Path workDir;       // ours: data dir, logs, socket (unless the path is too long for a socket)
    private final Path socketDir;
    private final List<String> command; // to start it again after stop()
    private final Path errorLog;
    private Process process;
    private Process watchdog;
    private volatile boolean paused;
    private volatile boolean closed;

    private MariaDbServer(String host, int port, String user, String password, String externalUrl,
                          Path workDir, Path socketDir, List<String> command) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.externalUrl = externalUrl;
        this.workDir = workDir;
        this.socketDir = socketDir;
        this.command = command;
        this.errorLog = workDir == null ? null : workDir.resolve("error.log");
    }

    /** Starts a private server (or returns a handle to the configured external one); ready for JDBC on return. */
    public static MariaDbServer start() {
        return start(new String[0]);
    }

    /**
     * Like {@link #start()}, with extra {@code mariadbd} options appended after the testkit's own (later options win),
     * e.g. {@code "--sql-mode=ANSI_QUOTES"} or {@code "--default-time-zone=+00:00"}. Ignored for an external server.
     */
    public static MariaDbServer start(String... serverOptions) {
        String url = Config.get("shift.mysql.url", "SHIFT_MYSQL_URL");
        if (url != null) {
            if (serverOptions.length > 0) {
                System.err.println("[shift-testkit] server options " + List.of(serverOptions)
                        + " ignored: using the external server " + url);
            }
            return external(url);
        }
        long t0 = System.nanoTime();
        Path template = DataDirTemplate.get();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path workDir = Workdirs.newDir("mariadb-");
            try {
                MariaDbServer server = launch(template, workDir, t0, List.of(serverOptions));
                Processes.closeOnExit(server);
                return server;
            } catch (PortTakenException e) {
                last = e; // another process grabbed the port between our probe and mariadbd's bind: try another
                Workdirs.deleteRecursively(workDir);
            }
        }
        throw last;
    }

    private static MariaDbServer external(String url) {
        String user = orDefault(Config.get("shift.mysql.user", "SHIFT_MYSQL_USER"), "root");
        String password = orDefault(System.getProperty("shift.mysql.password", System.getenv("SHIFT_MYSQL_PASSWORD")), "");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("shift.mysql.url must be a JDBC URL like jdbc:mysql://host:3306/, got " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        int port = uri.getPort() > 0 ? uri.getPort() : 3306;
        return new MariaDbServer(uri.getHost(), port, user, password, url, null, null, List.of());
    }

    private static MariaDbServer launch(Path template, Path workDir, long t0, List<String> serverOptions) {
        Path dataDir = workDir.resolve("data");
        DataDirTemplate.copy(template, dataDir);
        Path socketDir = workDir;
        if (workDir.resolve("mysqld.sock").toString().length() > MAX_SOCKET_PATH) {
            socketDir = tempSocketDir();
        }
        Path errorLog = workDir.resolve("error.log");
        int port = Workdirs.freePort();
        List<String> command = Workdirs.list(
                Binaries.mariadbd().toString(),
                "--no-defaults",
                "--datadir=" + dataDir,
                "--tmpdir=" + workDir,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socketDir.resolve("mysqld.sock"),
                "--pid-file=" + workDir.resolve("mysqld.pid"),
                "--log-error=" + errorLog,
                "--skip-log-bin",
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--max-connections=500",
                "--innodb-flush-log-at-trx-commit=2", // tests do not need fsync per commit; much faster
                "--innodb-doublewrite=0");
        command.addAll(DataDirTemplate.SIZES);
        command.addAll(DataDirTemplate.userOption());
        command.addAll(ReportedVersion.option());
        command.addAll(serverOptions);
        MariaDbServer server = new MariaDbServer("127.0.0.1", port, "root", "", null, workDir,
                socketDir == workDir ? null : socketDir, List.copyOf(command));
        try {
            server.spawnAndAwaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.err.println("[shift-testkit] MariaDB ready on 127.0.0.1:" + port + " in " + millis + " ms (" + workDir + ")");
        return server;
    }

    /** Starts mariadbd with {@link #command}, and polls until it greets, or fails with its error log's tail. */
    private void spawnAndAwaitReady() {
        long logOffset = size(errorLog);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        watchdog = Watchdog.watch(process, workDir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Workdirs.tail(errorLog, 30);
                if (BIND_FAILURE.matcher(readFrom(errorLog, logOffset)).find()) {
                    throw new PortTakenException("port " + port + " was taken before MariaDB could bind it\n" + log);
                }
                throw new IllegalStateException("MariaDB exited with code " + process.exitValue()
                        + " while starting\n" + log);
            }
            // Ours once it says so in its own log: another process's server may answer on this port meanwhile (it
            // took the port first; ours then fails to bind and the start is retried on another).
            if (greets() && readFrom(errorLog, logOffset).contains("ready for connections")) {
                return;
            }
            sleep(25);
        }
        throw new IllegalStateException("MariaDB did not accept connections on 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s\n" + Workdirs.tail(errorLog, 30));
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** True if the server answers with a handshake (protocol 10), which it only sends once it accepts logins. */
    private boolean greets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[5]; // 3 bytes length, 1 byte sequence, first payload byte
            in.readFully(header);
            return header[4] == 10;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE}: Connector/J 9.x needs no options against MariaDB. */
    public String jdbcUrl(String database) {
        if (externalUrl != null) {
            return withDatabase(externalUrl, database);
        }
        return "jdbc:mysql://" + host + ":" + port + "/" + database;
    }

    /** The same server for MariaDB's own driver ({@code org.mariadb.jdbc}), which wants the jdbc:mariadb scheme. */
    public String mariadbJdbcUrl(String database) {
        return jdbcUrl(database).replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
    }

    /** Creates the database (utf8mb4) if it does not exist yet. */
    public void createDatabase(String name) {
        if (!name.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** Drops the database if it exists (tests that want a clean slate on a shared server). */
    public void dropDatabase(String name) {
        if (!name.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        execute("DROP DATABASE IF EXISTS `" + name + "`");
    }

    /**
     * Runs one SQL statement as root outside any database. A private server is reached with the {@code mariadb}
     * command-line client over its socket, so this works whichever JDBC driver (if any) the caller has; an external
     * server is reached over JDBC.
     */
    public void execute(String sql) {
        checkOpen();
        if (externalUrl != null) {
            try (Connection c = DriverManager.getConnection(withDatabase(externalUrl, ""), user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("on " + externalUrl + ": " + sql + ": " + e.getMessage(), e);
            }
            return;
        }
        Path socket = (socketDir != null ? socketDir : workDir).resolve("mysqld.sock");
        List<String> command = Workdirs.list(Binaries.client().toString(), "--no-defaults", "--protocol=socket",
                "--socket=" + socket, "--user=root", "--batch", "--execute=" + sql);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("MariaDB on port " + port + " refused: " + sql + "\n" + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the mariadb client", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running: " + sql, e);
        }
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** True if this handle points at a server given by {@code shift.mysql.url} rather than one we started. */
    public boolean isExternal() {
        return externalUrl != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The private server's work dir (data dir, error.log); null for an external server. */
    public Path workDir() {
        return workDir;
    }

    /** The server process (the current one after a restart); null for an external server or before a start. */
    public synchronized ProcessHandle processHandle() {
        return process == null ? null : process.toHandle();
    }

    /**
     * Stops a private server (SIGTERM: a clean shutdown) but keeps its data; clients then get "connection refused".
     * {@link #restart()} brings it back on the same port with the same data.
     */
    public synchronized void stop() {
        requireOwned("stop");
        checkOpen();
        stopProcess();
    }

    /** Starts a {@linkplain #stop() stopped} server again (stopping it first if it runs): same port, same data. */
    public synchronized void restart() {
        requireOwned("restart");
        checkOpen();
        stopProcess();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                spawnAndAwaitReady();
                return;
            } catch (PortTakenException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot restart MariaDB: " + e.getMessage(), e);
                }
                sleep(200); // our old process's socket, or a stranger that took the port meanwhile
            }
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Freezes a private server (SIGSTOP): new connections hang in the handshake and open ones get no answers, so
     * clients hit their timeouts, as with a hung MySQL. {@link #resume()} lets it go on where it was.
     */
    public synchronized void pause() {
        requireOwnedAndRunning("pause");
        Processes.freeze(process.toHandle());
        paused = true;
    }

    /** Undoes {@link #pause()} (SIGCONT). */
    public synchronized void resume() {
        requireOwnedAndRunning("resume");
        Processes.signal(process.toHandle(), "CONT");
        paused = false;
    }

    private void requireOwnedAndRunning(String what) {
        requireOwned(what);
        checkOpen();
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    private void requireOwned(String what) {
        if (externalUrl != null) {
            throw new UnsupportedOperationException("cannot " + what + " the external server " + externalUrl
                    + " (set by shift.mysql.url)");
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
        if (!Processes.stop(process, STOP_GRACE)) {
            System.err.println("[shift-testkit] MariaDB on port " + port + " ignored SIGTERM for "
                    + STOP_GRACE.toSeconds() + " s and was killed");
        }
        if (watchdog != null) {
            watchdog.destroy(); // it would exit by itself within a second of the server; no need to wait
            watchdog = null;
        }
    }

    /** Stops a private server (SIGTERM, then SIGKILL after 20 s) and deletes its files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Processes.forget(this);
        if (externalUrl != null) {
            return;
        }
        stopProcess();
        Workdirs.deleteRecursively(workDir);
        Workdirs.deleteRecursively(socketDir);
    }

    /** For a failing test's message: this server, whether it runs, and its error log's last lines. */
    public synchronized String diagnosis() {
        if (externalUrl != null) {
            return toString();
        }
        return this + (closed ? " closed" : !isRunning() ? " not running" : paused ? " paused (SIGSTOP)" : " running")
                + "\n" + Workdirs.tail(errorLog, 10);
    }

    @Override
    public String toString() {
        return externalUrl != null ? "MariaDbServer[external " + externalUrl + "]"
                : "MariaDbServer[127.0.0.1:" + port + ", " + workDir + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** Replaces the database part of a JDBC URL, keeping host, port and parameters. */
    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("://");
        int pathStart = url.indexOf('/', schemeEnd + 3);
        int queryStart = url.indexOf('?', schemeEnd + 3);
        String hostPart;
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
            hostPart = queryStart < 0 ? url : url.substring(0, queryStart);
        } else {
            hostPart = url.substring(0, pathStart);
        }
        String query = queryStart < 0 ? "" : url.substring(queryStart);
        return hostPart + "/" + database + query;
    }

    private static Path tempSocketDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "shift-mdb-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a socket dir under /tmp", e);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The port probe raced with another process; the caller retries on a new port. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
