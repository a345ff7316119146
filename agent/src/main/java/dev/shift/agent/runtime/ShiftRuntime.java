package dev.shift.agent.runtime;

import dev.shift.admin.http.AdminConfig;
import dev.shift.admin.http.AdminServer;
import dev.shift.agent.backfill.RowsFromItems;
import dev.shift.agent.backfill.ScopeRepair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.config.AgentOptions;
import dev.shift.agent.dynamo.CircuitBreaker;
import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.GuardedItemStore;
import dev.shift.agent.dynamo.IdAllocator;
import dev.shift.agent.dynamo.ReverseLog;
import dev.shift.agent.install.ShiftStartup;
import dev.shift.agent.jdbc.DriverConnections;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.agent.jobs.AgentJobs;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.outbox.OutboxDrainer;
import dev.shift.agent.reverse.ReverseSync;
import dev.shift.agent.schema.KeptResultShapes;
import dev.shift.agent.schema.LearnedDefinitions;
import dev.shift.agent.route.DynamoOnlyWrites;
import dev.shift.agent.route.ShiftRouter;
import dev.shift.agent.route.StartingGate;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.validation.ShadowReads;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.store.FlagStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import dev.shift.core.audit.Action;
import dev.shift.core.control.ControlPlane;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.migration.Evidence;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Wires Shift together inside the application's JVM: mapping → planner → DynamoDB → flags (from the
 * flag store, so a restart comes back in the phase it left) → router, outbox and admin port.
 *
 * <p>Before the application's {@code main}, only a gate is installed that holds statements on migrated tables until
 * the rest is up; everything else runs in {@link #start}, on Shift's own thread.
 */
public final class ShiftRuntime implements ShiftStartup {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent");
    /** How long start-up waits for the first table check before going on without DynamoDB. */
    private static final int TABLE_WAIT_SECONDS = 5;
    /** The longest Shift waits in phase 1 for the application's start to settle before starting its own parts. */
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(10);

    private SqlPlanner planner;
    private StartingGate gate;
    private LearnedDefinitions definitions;
    private AdminConfig admin;

    /**
     * Only the gate, on the application's main thread: statements must find it from the first. What it needs to tell
     * migrated statements from others is prepared on Shift's own thread ({@link #prepare}).
     */
    @Override
    public void beforeApplication(AgentOptions options) {
        gate = StartingGate.install();
    }

    @Override
    public void start(AgentOptions options) throws Exception {
        startAll(options);
        gate.open();
    }

    /** Statements held at the gate go to the fallback now in place (none slips into MySQL before it is). */
    @Override
    public void failed() {
        if (gate != null) {
            gate.open();
        }
    }

    @Override
    public void prepare(AgentOptions options) {
        Mapping mapping = options.mapping().map(Mapping::load).orElseGet(Mapping::defaultMapping);
        if (options.dynamoDbTable().isPresent()) {
            mapping = mapping.withTableName(options.dynamoDbTable().get());
        }
        planner = new SqlPlanner(mapping);
        // MySQL's column rules and collations as last read, for a start with MySQL out of reach (phase 5).
        admin = AdminConfig.from(adminSettings(options));
        definitions = new LearnedDefinitions(planner, admin.stateDir());
        definitions.applyKept();
        gate.prepared(planner);
    }

    private void startAll(AgentOptions options) throws Exception {
        FlagStore store = null;
        MigrationState initial = null;
        Duration settledAfter = Duration.ZERO;
        if (admin.storeKind() == AdminConfig.StoreKind.FILE) {
            store = admin.openStore();
            initial = admin.initialState(store);
            if (!touchesDynamoDb(initial.flags())) {
                // Phase 1 needs nothing of what is still starting: statements pass through meanwhile, and the
                // phase cannot change before the admin port is up; so Shift lets the application start first.
                gate.openEarly();
                settledAfter = SettledStart.ofThisProcess().await(SETTLE_BOUND);
            }
        }
        // Credentials from the AWS SDK's default chain: environment (session token included), profiles, container
        // and instance roles.
        DynamoDbClient client = DynamoGateway.client(options.dynamoDbEndpoint().orElse(null),
                options.dynamoDbRegion().orElse(null), null, null);
        DynamoGateway gateway = new DynamoGateway(client, planner.mapping());
        // The table is ready in a moment when DynamoDB answers; when it does not, Shift starts without waiting for it.
        java.util.concurrent.CountDownLatch tableChecked = checkTableInBackground(gateway);
        tableChecked.await(TABLE_WAIT_SECONDS, TimeUnit.SECONDS);

        if (store == null) {
            store = admin.openStore(client);
            initial = admin.initialState(store);
        }
        MigrationControl control = new MigrationControl(initial);
        ShiftMetrics metrics = new ShiftMetrics();
        // Dual writes are recorded in an outbox table in the application's own MySQL database, reached the way
        // the application reaches it; what is left there is copied from MySQL into DynamoDB in the background.
        MysqlConnector mysql = mysqlConnector(options);
        definitions.learnInBackground(mysql);
        Outbox outbox = new Outbox(mysql, options.outboxTable(), 4, Duration.ofSeconds(5));
        OutboxDrainer drainer = new OutboxDrainer(outbox,
                new ScopeRepair(new Stores(mysql::open, "the application's MySQL", gateway), planner), control::flags)
                .wakingOnChangesOf(control);

        // Phase 3: DynamoDB's answers compared with MySQL's on a bounded pool of daemon threads.
        ShadowReads shadow = new ShadowReads(options.validation(), gateway, gateway.tableName(), metrics, mysql,
                java.time.Clock.systemUTC());
        // The statement path's own clients, bounded in time, behind a circuit breaker: a hung DynamoDB costs a few
        // requests one bounded wait each, then changes go to the outbox (phases 2-3) or fail fast (phases 4-5).
        DynamoClients.Timeouts timeouts = options.dynamoDbTimeouts();
        URI endpoint = options.dynamoDbEndpoint().orElse(null);
        String region = options.dynamoDbRegion().orElse(null);
        DynamoGateway live = new DynamoGateway(DynamoClients.retrying(endpoint, region, timeouts),
                DynamoClients.singleAttempt(endpoint, region, timeouts), planner.mapping());
        GuardedItemStore guarded = new GuardedItemStore(live, new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(5),
                System::nanoTime));
        metrics.dynamoDbTroubleFrom(() -> guarded.breaker().open() ? "circuit " + guarded.breaker().describe() : null);
        DynamoOnlyWrites dynamoOnly = new DynamoOnlyWrites();
        ShiftRouter router = new ShiftRouter(control, planner, guarded, new IdAllocator(live), metrics, drainer, shadow,
                dynamoOnly);
        // The driver's result metadata per statement, learned while MySQL answers, kept for phases 4-5.
        KeptResultShapes.attach(router.resultShapes(), admin.stateDir());
        Interception.install(router);
        router.takeOverFrom(gate);
        drainer.start();
        // Phase 5's writes, copied into MySQL so that leaving phase 5 loses nothing.
        ReverseSync reverse = new ReverseSync(new ReverseLog(gateway), new RowsFromItems(planner.mapping(), gateway), mysql,
                new IdAllocator(gateway), planner.mapping(), control::state, dynamoOnly, java.time.Clock.systemUTC())
                .wakingOnChangesOf(control).start();
        LOG.log(System.Logger.Level.INFO, "Shift is routing: " + control.flags() + " (phase "
                + control.flags().phaseNumber() + "), DynamoDB table " + gateway.tableName() + " (from "
                + (options.dynamoDbTable().isPresent() ? "the option dynamodb.table" : options.mapping().isPresent()
                        ? "the mapping file" : "the built-in mapping") + "), outbox table "
                + outbox.table() + " in the application's MySQL database" + (settledAfter.isZero() ? "" : "; started "
                        + "once the application's own start had settled, after " + settledAfter.toMillis() + " ms"));

        if (admin.enabled()) {
            AgentJobs jobs = AgentJobs.create(mysql, gateway, outbox.table(), admin.stateDir());
            AdminServer server = AdminServer.builder().config(admin).control(control).metrics(metrics).store(store)
                    .validation(shadow::report)
                    .jobs(jobs)
                    .backlog(drainer)
                    .reverseBacklog(reverse)
                    .transitionGates(router::shapes, options.validation().minCompared())
                    .statements(router::statements)
                    .build().start();
            recordEvidence(server.controlPlane(), jobs, router, control);
            // One line the operator (and the tests) can look for, whatever the logging set-up.
            System.out.println("Shift admin listening on " + server.url());
        } else {
            store.follow(control);   // no admin port here, but this instance still follows the fleet's phase
        }
    }

    /**
     * The items table is checked (and created when missing) off the start-up path: while DynamoDB cannot be reached,
     * the admin port is up, phases 2-3 keep serving (their changes wait in the outbox) and phases 4-5 fail fast.
     */
    private static java.util.concurrent.CountDownLatch checkTableInBackground(DynamoGateway gateway) {
        java.util.concurrent.CountDownLatch firstAttempt = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            long pauseMillis = 1_000;
            for (int attempt = 1; ; attempt++) {
                try {
                    gateway.ensureTable();
                    firstAttempt.countDown();
                    if (attempt > 1) {
                        LOG.log(System.Logger.Level.INFO, "Shift: DynamoDB table " + gateway.tableName() + " is ready");
                    }
                    return;
                } catch (SdkException unreachable) {
                    firstAttempt.countDown();
                    if (attempt == 1) {
                        LOG.log(System.Logger.Level.WARNING, "Shift cannot reach DynamoDB table " + gateway.tableName()
                                + " yet (" + unreachable.getMessage() + "); phases 2-3 keep serving with their changes "
                                + "in the outbox, phases 4-5 fail fast; retrying in the background");
                    }
                } catch (RuntimeException unusable) {
                    firstAttempt.countDown();
                    LOG.log(System.Logger.Level.ERROR, "Shift: DynamoDB table " + gateway.tableName() + " cannot be used: "
                            + unusable.getMessage() + "; statements that need it fail until it is fixed", unusable);
                    return;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, 30_000);
            }
        }, "shift-table-check");
        t.setDaemon(true);
        t.start();
        return firstAttempt;
    }

    /**
     * What the phase gates read back from the audit trail: every backfill and verify that ends here, and every write
     * DynamoDB may lack (recorded off the application's thread, at most once a minute per table).
     */
    private static void recordEvidence(ControlPlane plane, AgentJobs jobs, ShiftRouter router, MigrationControl control) {
        jobs.following(() -> control.flags().writeMysql(), run -> plane.record(
                run.kind() == Jobs.Kind.BACKFILL ? Action.BACKFILL_DONE : Action.VERIFY_DONE, run.startedBy(), "",
                run.kind().wireName() + " run " + run.id() + " ended: " + run.state().wireName()
                        + run.differences().map(d -> ", " + d + " difference(s)").orElse(""), Evidence.facts(run)));
        ExecutorService voids = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shift-evidence");
            t.setDaemon(true);
            return t;
        });
        router.unmirrored().onVoided(what -> voids.execute(
                () -> plane.record(Action.EVIDENCE_VOIDED, "shift", "", what, Map.of())));
    }

    private static boolean touchesDynamoDb(dev.shift.core.flags.Flags flags) {
        return flags.readDdb() || flags.writeDdb();
    }

    /** Shift's own MySQL connections: as configured ({@code mysql.url}), else the way the application connects. */
    private static MysqlConnector mysqlConnector(AgentOptions options) {
        if (options.mysqlUrl().isEmpty()) {
            return new DriverConnections();
        }
        String url = options.mysqlUrl().get();
        Stores.Connections open = Stores.connectorJ(url, options.mysqlUser().orElse(null),
                options.mysqlPassword().orElse(null));
        return new MysqlConnector() {
            @Override
            public java.sql.Connection open() throws java.sql.SQLException {
                return open.open();
            }

            @Override
            public String describe() {
                return DriverConnections.withoutCredentials(url);
            }
        };
    }

    /** The admin endpoint's options, with the agent's {@code phase} as the phase to begin in when nothing is stored. */
    private static Map<String, String> adminSettings(AgentOptions options) {
        Map<String, String> settings = new HashMap<>(options.adminSettings());
        settings.putIfAbsent("phase.initial", String.valueOf(options.phase().number()));
        return settings;
    }
}
