package dev.shift.admin.http;

import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.ReverseBacklog;
import dev.shift.core.control.ControlPlane;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ShiftCollectors;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.migration.StatementReport;
import dev.shift.core.migration.StatementShapes;
import dev.shift.core.migration.TransitionGates;
import dev.shift.core.store.FlagStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.xnio.Options;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The admin port: REST API, control panel, /health and /metrics on one small Undertow server that
 * runs inside the application's JVM. Its threads are daemons (the admin port never keeps the app
 * alive), and all request work runs on worker threads, never on the IO thread.
 *
 * <pre>{@code
 * AdminConfig cfg = AdminConfig.from(agentOptions);
 * FlagStore store = cfg.openStore();
 * MigrationControl control = new MigrationControl(cfg.initialState(store));
 * AdminServer server = AdminServer.builder().config(cfg).control(control).metrics(metrics).store(store).build().start();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    /** Default request body limit: change requests are tiny. */
    public static final int DEFAULT_BODY_LIMIT = 16 * 1024;

    /** Shadow comparisons each read shape needs before DynamoDB may answer reads, unless configured. */
    public static final int DEFAULT_MIN_COMPARED = 10;

    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());

    private final AdminContext ctx;
    private final String bind;
    private final int requestedPort;
    private final boolean loopback;
    private final SSLContext tls;   // null: plain HTTP
    private Undertow undertow;
    private int port = -1;
    private boolean closed;

    private AdminServer(Builder b, boolean loopback) {
        Tokens tokens = new Tokens(b.tokens);
        ControlPlane plane = new ControlPlane(b.control, b.store, b.clock).guardedBy(b.backlog).reverseSyncedBy(b.reverse);
        if (b.gated) {
            plane.gatedBy(new TransitionGates(b.store, b.backlog, b.reverse, b.jobs, b.validation, b.shapes, b.minCompared));
        }
        boolean backlogSet = b.backlog != Backlog.EMPTY;
        this.ctx = new AdminContext(plane, b.metrics, tokens, new FailedLogins(b.clock), new Sessions(tokens, b.clock, b.tlsKeystore != null), b.validation,
                ShiftCollectors.newRegistry(b.metrics, b.control::state, b.validation, b.jobs, b.backlog, b.reverse,
                        () -> AdminContext.pendingReplays(b.metrics, b.backlog, backlogSet)),
                b.bodyLimit, b.jobs, b.backlog, backlogSet, b.reverse, b.statements);
        this.bind = b.bind;
        this.requestedPort = b.port;
        this.loopback = loopback;
        this.tls = b.tlsKeystore == null ? null : sslContext(b.tlsKeystore, b.tlsPassword);
    }

    /** The server's TLS context from a PKCS12 keystore; a clear error when it cannot be read. */
    private static SSLContext sslContext(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the admin port's TLS keystore " + keystore.toAbsolutePath() + " ("
                    + e.getMessage() + "); give a PKCS12 file and its password (admin.tls.password)", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the port and starts following the flag store; returns at once. */
    public synchronized AdminServer start() {
        if (undertow != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        HttpHandler routes = routes(ctx);
        HttpHandler root = new Errors(loopback ? new HostCheck(routes) : routes);
        Undertow.Builder listener = Undertow.builder();
        if (tls != null) {
            listener.addHttpsListener(requestedPort, bind, tls);
        } else {
            listener.addHttpListener(requestedPort, bind);
        }
        Undertow u = listener
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setWorkerOption(Options.THREAD_DAEMON, true)
                .setWorkerOption(Options.WORKER_NAME, "shift-admin")
                .setHandler(new BlockingHandler(root))
                .build();
        try {
            u.start();
        } catch (RuntimeException e) {
            safeStop(u);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot open the Shift admin port on " + bind + ":" + requestedPort + " ("
                    + cause.getMessage() + "); set admin.port to a free port, or 0 for any", e);
        }
        undertow = u;
        port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
        ctx.store().follow(ctx.control());
        LOG.info("Shift admin endpoint listening on " + url() + " (flag store: " + ctx.store().describe() + ", instance "
                + ctx.store().instanceId() + ", " + (ctx.tokens().open() ? "no tokens" : "bearer tokens required") + ")");
        if (ctx.tokens().open()) {
            LOG.warning("Shift admin endpoint at " + url() + " has NO TOKENS CONFIGURED: anyone on this machine can change the "
                    + "migration phase, and changes are recorded as operator 'local'. Set admin.tokens to require tokens.");
        }
        return this;
    }

    /**
     * The routing table: every path, method and guard of the admin port, in one place.
     * Reads need any token, changes an operator token; /health and the panel's assets are public;
     * the panel's forms authenticate by session cookie + CSRF token instead of a bearer token.
     */
    private static HttpHandler routes(AdminContext ctx) {
        record Route(HttpString method, String path, HttpHandler handler) {
        }
        List<Route> table = List.of(
                new Route(Methods.GET, "/api/migration/status", Authorized.toRead(ctx, new StatusHandler(ctx))),
                new Route(Methods.POST, "/api/migration/phase", Authorized.toChange(ctx, new PhaseHandler(ctx))),
                new Route(Methods.PUT, "/api/migration/flags", Authorized.toChange(ctx, new FlagsHandler(ctx))),
                new Route(Methods.POST, "/api/migration/rollback", Authorized.toChange(ctx, new RollbackHandler(ctx))),
                new Route(Methods.GET, "/api/migration/readiness", Authorized.toRead(ctx, new ReadinessHandler(ctx))),
                new Route(Methods.POST, "/api/migration/evidence", Authorized.toChange(ctx, new EvidenceHandler(ctx))),
                new Route(Methods.GET, "/api/migration/audit", Authorized.toRead(ctx, new AuditHandler(ctx))),
                new Route(Methods.GET, "/api/migration/validation", Authorized.toRead(ctx, new ValidationHandler(ctx))),
                new Route(Methods.GET, "/api/migration/statements", Authorized.toRead(ctx, new StatementsHandler(ctx))),
                new Route(Methods.GET, "/api/migration/jobs", Authorized.toRead(ctx, new JobsHandler(ctx))),
                new Route(Methods.POST, "/api/migration/jobs/backfill", Authorized.toChange(ctx, JobStartHandler.backfill(ctx))),
                new Route(Methods.POST, "/api/migration/jobs/verify", Authorized.toChange(ctx, JobStartHandler.verify(ctx))),
                new Route(Methods.GET, "/api/migration/backlog", Authorized.toRead(ctx, new BacklogHandler(ctx))),
                new Route(Methods.POST, "/api/migration/backlog/{id}/retry", Authorized.toChange(ctx, BacklogActionHandler.retry(ctx))),
                new Route(Methods.POST, "/api/migration/backlog/{id}/discard", Authorized.toChange(ctx, BacklogActionHandler.discard(ctx))),
                new Route(Methods.GET, "/metrics", Authorized.toRead(ctx, new MetricsHandler(ctx))),
                new Route(Methods.GET, "/health", new HealthHandler(ctx)),
                new Route(Methods.GET, "/", new PanelHandler(ctx)),
                new Route(Methods.GET, "/ui/panel.css", new AssetHandler("panel.css", "text/css; charset=utf-8")),
                new Route(Methods.GET, "/ui/panel.js", new AssetHandler("panel.js", "text/javascript; charset=utf-8")),
                new Route(Methods.POST, "/ui/login", new UiLoginHandler(ctx)),
                new Route(Methods.POST, "/ui/logout", new UiLogoutHandler(ctx)),
                new Route(Methods.POST, "/ui/phase", new UiPhaseHandler(ctx)),
                new Route(Methods.POST, "/ui/flags", new UiFlagsHandler(ctx)),
                new Route(Methods.POST, "/ui/rollback", new UiRollbackHandler(ctx)),
                new Route(Methods.POST, "/ui/jobs/backfill", UiActionHandler.startBackfill(ctx)),
                new Route(Methods.POST, "/ui/jobs/verify", UiActionHandler.startVerify(ctx)),
                new Route(Methods.POST, "/ui/backlog/retry", UiActionHandler.backlogRetry(ctx)),
                new Route(Methods.POST, "/ui/backlog/discard", UiActionHandler.backlogDiscard(ctx)));
        RoutingHandler router = Handlers.routing();
        Map<String, String> allowed = new LinkedHashMap<>();
        for (Route r : table) {
            router.add(r.method(), r.path(), r.handler());
            allowed.merge(r.path(), r.method().toString(), (a, b) -> a + ", " + b);
        }
        router.setFallbackHandler(new NotFoundHandler());
        router.setInvalidMethodHandler(new MethodNotAllowedHandler(allowed));
        return router;
    }

    /** The bound port (the free port chosen when 0 was asked for). */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** e.g. {@code http://127.0.0.1:9797/} */
    public String url() {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return (tls != null ? "https://" : "http://") + host + ":" + port() + "/";
    }

    /** The control plane behind the API, for callers that change flags in-process (e.g. the agent's CLI). */
    public ControlPlane controlPlane() {
        return ctx.plane();
    }

    /** Stops the port and the store's follower; closes the store. Never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (undertow != null) {
                safeStop(undertow);
            }
        } finally {
            undertow = null;
            ctx.store().close();
        }
    }

    private static void safeStop(Undertow u) {
        try {
            u.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping the admin endpoint failed", e);
        }
    }

    /** Configures an {@link AdminServer}; {@link #build()} refuses unsafe or incomplete settings. */
    public static final class Builder {
        private MigrationControl control;
        private ShiftMetrics metrics = new ShiftMetrics();
        private FlagStore store;
        private Map<String, Operator> tokens = Map.of();
        private String bind = AdminConfig.DEFAULT_BIND;
        private int port = AdminConfig.DEFAULT_PORT;
        private int bodyLimit = DEFAULT_BODY_LIMIT;
        private Supplier<ValidationReport> validation = ValidationReport::disabled;
        private Jobs jobs = Jobs.NONE;
        private Backlog backlog = Backlog.EMPTY;
        private ReverseBacklog reverse = ReverseBacklog.NONE;
        private boolean gated;
        private Path tlsKeystore;
        private char[] tlsPassword = new char[0];
        private boolean tlsWaived;
        private Supplier<StatementShapes> shapes = () -> StatementShapes.NONE;
        private Supplier<StatementReport> statements = () -> StatementReport.NONE;
        private int minCompared = DEFAULT_MIN_COMPARED;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Takes bind, port, tokens and body limit from parsed agent options (the store is opened separately). */
        public Builder config(AdminConfig config) {
            this.bind = config.bind();
            this.port = config.port();
            this.tokens = config.tokens();
            this.bodyLimit = config.maxBody();
            if (config.tlsKeystore() != null) {
                tls(config.tlsKeystore(), config.tlsPassword());
            }
            this.tlsWaived = config.tlsWaived();
            return this;
        }

        /** Accept a non-loopback bind without TLS ({@code admin.tls.insecure=true}): tokens then travel in clear. */
        public Builder insecureWithoutTls() {
            this.tlsWaived = true;
            return this;
        }

        /** Serve HTTPS with the key and certificate of this PKCS12 keystore (session cookies then get Secure). */
        public Builder tls(Path keystore, char[] password) {
            this.tlsKeystore = Objects.requireNonNull(keystore);
            this.tlsPassword = password.clone();
            return this;
        }

        /**
         * Guards every phase move with the {@link TransitionGates}, fed by the jobs, backlog and validation given to
         * this builder, the audit trail of the store, and {@code shapes}: what the engine has seen of the
         * application's SQL. The agent always does; without it only flag combinations and the backlog are checked.
         */
        public Builder transitionGates(Supplier<StatementShapes> shapes, int minCompared) {
            if (minCompared < 1) {
                throw new IllegalArgumentException("the shadow comparisons needed per read shape must be at least 1, got "
                        + minCompared);
            }
            this.shapes = Objects.requireNonNull(shapes);
            this.minCompared = minCompared;
            this.gated = true;
            return this;
        }

        public Builder control(MigrationControl control) {
            this.control = control;
            return this;
        }

        public Builder metrics(ShiftMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        /** The server owns the store from here on: {@link AdminServer#close()} closes it. */
        public Builder store(FlagStore store) {
            this.store = store;
            return this;
        }

        /** token → operator. Empty on a loopback bind = open panel (operator "local"). */
        public Builder tokens(Map<String, Operator> tokens) {
            this.tokens = Map.copyOf(tokens);
            return this;
        }

        public Builder bind(String host) {
            this.bind = Objects.requireNonNull(host);
            return this;
        }

        /** 0 picks a free port (tests). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder bodyLimit(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("body limit must be at least 256 bytes, got " + bytes);
            }
            this.bodyLimit = bytes;
            return this;
        }

        /** Where GET /api/migration/statements gets the statements the engine has seen (default: none). */
        public Builder statements(Supplier<StatementReport> statements) {
            this.statements = Objects.requireNonNull(statements);
            return this;
        }

        /** Where GET /api/migration/validation gets its report (default: {@link ValidationReport#disabled()}). */
        public Builder validation(Supplier<ValidationReport> validation) {
            this.validation = Objects.requireNonNull(validation);
            return this;
        }

        /**
         * The backfill/verify jobs the API and panel start and show (default: {@link Jobs#NONE}, nothing to start).
         */
        public Builder jobs(Jobs jobs) {
            this.jobs = Objects.requireNonNull(jobs);
            return this;
        }

        /**
         * The changes waiting for DynamoDB (default: {@link Backlog#EMPTY}). When set, the status's
         * {@code pendingReplays} and {@code shift_pending_replays} count its entries instead of
         * {@link ShiftMetrics#pendingReplaysFrom}'s source.
         */
        public Builder backlog(Backlog backlog) {
            this.backlog = Objects.requireNonNull(backlog);
            return this;
        }

        /** Phase 5's writes MySQL does not have yet (default: none): status, metrics and the gates out of phase 5. */
        public Builder reverseBacklog(ReverseBacklog reverse) {
            this.reverse = Objects.requireNonNull(reverse);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Checks the settings and brings {@code control} up to the stored state (a restart comes back in
         * the phase it left).
         *
         * @throws IllegalStateException when the bind is not loopback and no tokens are configured, or
         *                               control/store are missing
         */
        public AdminServer build() {
            if (control == null) {
                throw new IllegalStateException("control(MigrationControl) is required");
            }
            if (store == null) {
                throw new IllegalStateException("store(FlagStore) is required (AdminConfig.openStore() gives the configured one)");
            }
            boolean loopback = isLoopback(bind);
            if (!loopback && tokens.isEmpty()) {
                throw new IllegalStateException("refusing to start the Shift admin endpoint on " + bind + ":" + port
                        + ": it is not a loopback address and no tokens are configured, so anyone who can reach it could change "
                        + "the migration phase. Configure admin.tokens, or bind to 127.0.0.1 (the default).");
            }
            if (!loopback && tlsKeystore == null && !tlsWaived) {
                throw new IllegalStateException("refusing to start the Shift admin endpoint on " + bind + ":" + port
                        + " without TLS: it is not a loopback address, so operators' tokens and session cookies would cross "
                        + "the network in clear. Give admin.tls.keystore (a PKCS12 file) and admin.tls.password, or set "
                        + "admin.tls.insecure=true to accept that.");
            }
            store.load().ifPresent(control::adopt);
            return new AdminServer(this, loopback);
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("admin bind address " + host + " does not resolve: " + e.getMessage(), e);
            }
        }
    }
}
