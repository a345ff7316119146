package dev.shift.core.store;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.audit.AuditPage;
import dev.shift.core.audit.ChangeLog;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fleet store: every instance of the application shares one phase through one DynamoDB table.
 *
 * <p>Table layout (key {@code pk} S, sort key {@code sk} S; created on demand when allowed):
 * <ul>
 *   <li>{@code control/flags} — the flags, {@code version} (N), {@code since}, {@code changedBy}. Written
 *       only with {@code version = :expected} (or "does not exist yet"), so concurrent changes cannot
 *       silently overwrite each other: the loser gets {@link VersionConflictException}.</li>
 *   <li>{@code instance/<instanceId>} — heartbeat: {@code appliedVersion}, {@code lastSeen}, and
 *       {@code expiresAt} (epoch seconds, a day on: the status leaves such instances out, and an optional TTL on
 *       it deletes them).</li>
 *   <li>{@code audit/<version, zero-padded>} — one item per change, the entry's JSON in {@code entry}; an operator
 *       action that changes no flag (job started, backlog entry retried/discarded) is {@code audit/<version>#<at>#<random>}.</li>
 * </ul>
 *
 * <p>Each instance polls the control item every {@code pollInterval} (default 1 s, so a change is
 * applied fleet-wide within ~2 s) and writes its heartbeat in the same beat.
 */
public final class DynamoDbFlagStore implements FlagStore {

    private static final Logger LOG = Logger.getLogger(DynamoDbFlagStore.class.getName());
    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final AttributeValue CONTROL = s("control");
    private static final AttributeValue FLAGS = s("flags");
    private static final String INSTANCE = "instance";
    private static final String AUDIT = "audit";

    private final DynamoDbClient client;
    private final String table;
    private final String instanceId;
    private final Duration pollInterval;
    private final boolean closeClient;
    private final ScheduledExecutorService poller;
    private volatile MigrationControl followed;
    /** Logs a failing poll once per outage instead of once a second. */
    private volatile boolean pollFailing;

    private DynamoDbFlagStore(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.table = Objects.requireNonNull(b.table, "table");
        this.instanceId = Objects.requireNonNull(b.instanceId, "instanceId");
        this.pollInterval = b.pollInterval;
        this.closeClient = b.closeClient;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shift-flagstore-poll");
            t.setDaemon(true); // never keeps the application's JVM alive
            return t;
        });
        if (b.createTable) {
            ensureTable();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<MigrationState> load() {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(controlKey()).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(state(item));
    }

    @Override
    public void save(long expectedVersion, MigrationState next) {
        Map<String, AttributeValue> item = new HashMap<>(controlKey());
        item.put("version", n(next.version()));
        item.put("readMysql", bool(next.flags().readMysql()));
        item.put("readDdb", bool(next.flags().readDdb()));
        item.put("writeMysql", bool(next.flags().writeMysql()));
        item.put("writeDdb", bool(next.flags().writeDdb()));
        item.put("phase", n(next.flags().phaseNumber()));
        item.put("since", s(next.since().toString()));
        item.put("changedBy", s(next.changedBy()));
        try {
            if (expectedVersion == 0) {
                client.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
            } else {
                client.putItem(r -> r.tableName(table).item(item).conditionExpression("#v = :expected")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":expected", n(expectedVersion))));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException(expectedVersion, load());
        }
    }

    @Override
    public void append(AuditEntry entry) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(AUDIT),
                SK, s(auditKey(entry)),
                "at", s(entry.at().toString()),
                "entry", s(AuditJson.toLine(entry)))));
    }

    @Override
    public AuditPage audit(int limit, int offset) {
        long total = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(q -> q.tableName(table).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK)).expressionAttributeValues(Map.of(":pk", s(AUDIT)))
                    .select(Select.COUNT).exclusiveStartKey(from));
            total += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);

        List<AuditEntry> newestFirst = new ArrayList<>();
        int wanted = offset + limit;
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK)).expressionAttributeValues(Map.of(":pk", s(AUDIT)))
                .scanIndexForward(false).consistentRead(true).limit(Math.min(wanted, 1000)).build();
        for (Map<String, AttributeValue> item : client.queryPaginator(request).items()) {
            if (newestFirst.size() >= wanted) {
                break;
            }
            newestFirst.add(AuditJson.fromLine(item.get("entry").s()));
        }
        int from = Math.min(offset, newestFirst.size());
        return new AuditPage(total, limit, offset, newestFirst.subList(from, newestFirst.size()));
    }

    @Override
    public List<InstanceStatus> instances(MigrationControl control) {
        Instant now = Instant.now();
        Duration staleAfter = pollInterval.multipliedBy(5).plusSeconds(2);
        List<InstanceStatus> all = new ArrayList<>();
        boolean sawSelf = false;
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK)).expressionAttributeValues(Map.of(":pk", s(INSTANCE)))
                .consistentRead(true).build();
        for (Map<String, AttributeValue> item : client.queryPaginator(request).items()) {
            String id = item.get(SK).s();
            boolean self = id.equals(instanceId);
            AttributeValue expiresAt = item.get("expiresAt");
            if (!self && expiresAt != null && Long.parseLong(expiresAt.n()) < now.getEpochSecond()) {
                continue;   // gone for a day: what a TTL on expiresAt would have swept (the TTL is optional)
            }
            sawSelf |= self;
            // For this instance the live value beats its last heartbeat.
            long applied = self ? control.state().version() : Long.parseLong(item.get("appliedVersion").n());
            Instant lastSeen = self ? now : Instant.parse(item.get("lastSeen").s());
            all.add(new InstanceStatus(id, applied, lastSeen, self, lastSeen.plus(staleAfter).isBefore(now)));
        }
        if (!sawSelf) {
            all.add(new InstanceStatus(instanceId, control.state().version(), now, true, false));
        }
        return List.copyOf(all);
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String describe() {
        return "DynamoDB table " + table;
    }

    @Override
    public void follow(MigrationControl control) {
        Objects.requireNonNull(control);
        if (followed != null) {
            throw new IllegalStateException("already following a MigrationControl");
        }
        followed = control;
        poller.scheduleWithFixedDelay(this::pollOnce, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void applied(MigrationState state) {
        try {
            heartbeat(state.version());
        } catch (RuntimeException e) {
            // The next poll writes it again; a change must not fail because a heartbeat did.
            LOG.log(Level.FINE, "heartbeat failed", e);
        }
    }

    /** One beat: apply a newer version if there is one, then report what this instance runs. */
    void pollOnce() {
        MigrationControl control = followed;
        if (control == null) {
            return;
        }
        try {
            Optional<MigrationState> stored = load();
            if (stored.isPresent() && stored.get().version() > control.state().version()) {
                adopt(control, stored.get());
            }
            heartbeat(control.state().version());
            if (pollFailing) {
                pollFailing = false;
                LOG.info("flag store " + describe() + " reachable again; running flag version " + control.state().version());
            }
        } catch (RuntimeException e) {
            if (!pollFailing) {
                pollFailing = true;
                LOG.log(Level.WARNING, "cannot poll flag store " + describe() + "; keeping flag version "
                        + control.state().version() + " until it answers again: " + e.getMessage());
            }
        }
    }

    private void adopt(MigrationControl control, MigrationState newer) {
        try {
            if (control.adopt(newer)) {
                ChangeLog.adopted(newer, describe());
            }
        } catch (IllegalArgumentException refused) {
            // Someone edited the item by hand into an unsafe combination: keep the safe flags we have.
            LOG.severe("not applying flag store " + describe() + ": " + refused.getMessage());
        }
    }

    private void heartbeat(long appliedVersion) {
        Instant now = Instant.now();
        client.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(INSTANCE),
                SK, s(instanceId),
                "appliedVersion", n(appliedVersion),
                "lastSeen", s(now.toString()),
                "expiresAt", n(now.plus(Duration.ofDays(1)).getEpochSecond()))));
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (closeClient) {
            client.close();
        }
    }

    private void ensureTable() {
        try {
            if (client.describeTable(r -> r.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
                return;
            }
        } catch (ResourceNotFoundException e) {
            try {
                client.createTable(CreateTableRequest.builder().tableName(table)
                        .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST).build());
                LOG.info("created flag store table " + table);
            } catch (ResourceInUseException raced) {
                // Another instance created it at the same moment: fine.
            }
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    private static MigrationState state(Map<String, AttributeValue> item) {
        return new MigrationState(
                new Flags(item.get("readMysql").bool(), item.get("readDdb").bool(),
                        item.get("writeMysql").bool(), item.get("writeDdb").bool()),
                Long.parseLong(item.get("version").n()),
                Instant.parse(item.get("since").s()),
                item.get("changedBy").s());
    }

    private static Map<String, AttributeValue> controlKey() {
        return Map.of(PK, CONTROL, SK, FLAGS);
    }

    /**
     * Zero-padded so the sort key orders like the number. An operator action that does not change the flags
     * shares the version in force, so its key gets a suffix (time and a random part): it sorts after that
     * version's change and before the next one, and never replaces another entry.
     */
    private static String auditKey(AuditEntry e) {
        String key = String.format("%020d", e.version());
        if (e.action().changesFlags()) {
            return key;
        }
        return key + "#" + e.at() + "#" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    private static AttributeValue bool(boolean v) {
        return AttributeValue.builder().bool(v).build();
    }

    /** Configures a {@link DynamoDbFlagStore}. */
    public static final class Builder {
        private DynamoDbClient client;
        private String table = "shift-control";
        private String instanceId;
        private Duration pollInterval = Duration.ofSeconds(1);
        private boolean createTable = true;
        private boolean closeClient;

        private Builder() {
        }

        public Builder client(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        /** Closes the client on {@link #close()} (when the store created it). */
        public Builder closeClient(boolean closeClient) {
            this.closeClient = closeClient;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /** Create the table (PAY_PER_REQUEST) when it does not exist; default true. */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        public DynamoDbFlagStore build() {
            return new DynamoDbFlagStore(this);
        }
    }
}
