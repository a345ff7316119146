package dev.shift.admin.http;

import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.DynamoDbFlagStore;
import dev.shift.core.store.FileFlagStore;
import dev.shift.core.store.FlagStore;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The admin endpoint's settings, parsed from the agent's options ({@code key=value} pairs). Every
 * bad value is reported at once, naming the option, what was given and what is allowed.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>admin.enabled</td><td>true</td><td>false: do not open the admin port (flags still persist and follow)</td></tr>
 *   <tr><td>admin.bind</td><td>127.0.0.1</td><td>address to listen on; not loopback requires admin.tokens</td></tr>
 *   <tr><td>admin.port</td><td>9797</td><td>0..65535; 0 = any free port</td></tr>
 *   <tr><td>admin.tokens</td><td>(none)</td><td>inline {@code token=name:role} entries separated by ',' or ';';
 *       or {@code env:VAR} (same syntax in an environment variable); or a file path (one entry per line, # comments).
 *       role is operator (default) or read-only. None on loopback = open panel, operator "local".</td></tr>
 *   <tr><td>admin.max-body</td><td>16384</td><td>request body limit in bytes (413 beyond)</td></tr>
 *   <tr><td>state.dir</td><td>shift-state</td><td>file store directory (shift-state.json, shift-audit.log)</td></tr>
 *   <tr><td>phase.initial</td><td>1</td><td>phase when the store holds nothing yet</td></tr>
 *   <tr><td>flagstore</td><td>file</td><td>file | dynamodb</td></tr>
 *   <tr><td>flagstore.table</td><td>shift-control</td><td>DynamoDB table of the fleet store</td></tr>
 *   <tr><td>flagstore.endpoint</td><td>(SDK default)</td><td>endpoint override, e.g. http://127.0.0.1:8000</td></tr>
 *   <tr><td>flagstore.region</td><td>(SDK default chain)</td><td>AWS region</td></tr>
 *   <tr><td>flagstore.poll-ms</td><td>1000</td><td>how often each instance polls the fleet store (100..60000)</td></tr>
 *   <tr><td>flagstore.create-table</td><td>true</td><td>create the table when missing</td></tr>
 *   <tr><td>instance.id</td><td>host-pid</td><td>this instance's name in the fleet list</td></tr>
 * </table>
 * Options outside these prefixes belong to the agent and are ignored here; a misspelt option under
 * {@code admin.}, {@code flagstore.}, {@code state.}, {@code phase.} or {@code instance.} is an error.
 */
public final class AdminConfig {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 9797;

    private static final Logger LOG = Logger.getLogger(AdminConfig.class.getName());
    private static final Set<String> KNOWN = Set.of("admin.enabled", "admin.bind", "admin.port", "admin.tokens", "admin.max-body",
            "admin.tls.keystore", "admin.tls.password", "admin.tls.insecure",
            "state.dir", "phase.initial", "flagstore", "flagstore.table", "flagstore.endpoint", "flagstore.region", "flagstore.poll-ms",
            "flagstore.create-table", "instance.id");
    private static final List<String> OWNED_PREFIXES = List.of("admin.", "flagstore.", "state.", "phase.", "instance.");

    /** Where the flags persist. */
    public enum StoreKind { FILE, DYNAMODB }

    private final boolean enabled;
    private final String bind;
    private final int port;
    private final Map<String, Operator> tokens;
    private final int maxBody;
    private final Path stateDir;
    private final Phase initialPhase;
    private final StoreKind storeKind;
    private final String table;
    private final URI endpoint;
    private final String region;
    private final Duration pollInterval;
    private final boolean createTable;
    private final String instanceId;
    private final Path tlsKeystore;
    private final char[] tlsPassword;
    private final boolean tlsWaived;

    private AdminConfig(Parser p) {
        this.enabled = p.bool("admin.enabled", true);
        this.bind = p.string("admin.bind", DEFAULT_BIND);
        this.port = p.integer("admin.port", DEFAULT_PORT, 0, 65535);
        this.tokens = p.tokens("admin.tokens");
        this.maxBody = p.integer("admin.max-body", AdminServer.DEFAULT_BODY_LIMIT, 256, 1024 * 1024);
        this.stateDir = Path.of(p.string("state.dir", "shift-state"));
        this.initialPhase = Phase.number(p.integer("phase.initial", 1, 1, 5)).orElseThrow();
        this.storeKind = p.choice("flagstore", StoreKind.FILE, StoreKind.class);
        this.table = p.string("flagstore.table", "shift-control");
        this.endpoint = p.uri("flagstore.endpoint");
        this.region = p.string("flagstore.region", null);
        this.pollInterval = Duration.ofMillis(p.integer("flagstore.poll-ms", 1000, 100, 60_000));
        this.createTable = p.bool("flagstore.create-table", true);
        String id = p.string("instance.id", null);
        this.instanceId = id != null ? id : defaultInstanceId(); // the host name lookup can be slow: only when needed
        String keystore = p.string("admin.tls.keystore", null);
        this.tlsKeystore = keystore == null ? null : Path.of(keystore);
        String password = p.secret("admin.tls.password");
        this.tlsPassword = password == null ? new char[0] : password.toCharArray();
        this.tlsWaived = p.bool("admin.tls.insecure", false);
        if (tlsKeystore != null && !Files.isReadable(tlsKeystore)) {
            p.errors.add("admin.tls.keystore: cannot read " + tlsKeystore.toAbsolutePath() + " (give a PKCS12 keystore)");
        }
    }

    /** The PKCS12 keystore that makes the admin port speak HTTPS; null for plain HTTP. */
    public Path tlsKeystore() {
        return tlsKeystore;
    }

    public char[] tlsPassword() {
        return tlsPassword.clone();
    }

    /** {@code admin.tls.insecure=true}: the operator accepts tokens in clear on a non-loopback bind. */
    public boolean tlsWaived() {
        return tlsWaived;
    }

    /**
     * Parses agent options.
     *
     * @throws IllegalArgumentException listing every bad or unknown option
     */
    public static AdminConfig from(Map<String, String> options) {
        Parser p = new Parser(options);
        AdminConfig c = new AdminConfig(p);
        p.unknown();
        p.throwIfErrors();
        return c;
    }

    /** Opens the configured flag store (a DynamoDB client is built from the flagstore.* options). */
    public FlagStore openStore() {
        if (storeKind == StoreKind.FILE) {
            return new FileFlagStore(stateDir, instanceId);
        }
        DynamoDbClientBuilder b = DynamoDbClient.builder();
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        return dynamoStore(b.build(), true);
    }

    /** Opens the configured flag store, using {@code client} if it is the DynamoDB one (the agent's own client). */
    public FlagStore openStore(DynamoDbClient client) {
        return storeKind == StoreKind.FILE ? openStore() : dynamoStore(client, false);
    }

    private FlagStore dynamoStore(DynamoDbClient client, boolean owned) {
        return DynamoDbFlagStore.builder().client(client).closeClient(owned).table(table).instanceId(instanceId)
                .pollInterval(pollInterval).createTable(createTable).build();
    }

    /** The stored state, or phase.initial (version 0) when the store is empty. */
    public MigrationState initialState(FlagStore store) {
        return store.load().orElseGet(() -> MigrationState.initial(initialPhase.flags(), "start-up"));
    }

    public boolean enabled() {
        return enabled;
    }

    public String bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    public Map<String, Operator> tokens() {
        return tokens;
    }

    public int maxBody() {
        return maxBody;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Phase initialPhase() {
        return initialPhase;
    }

    public StoreKind storeKind() {
        return storeKind;
    }

    public String table() {
        return table;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Never prints tokens: only how many there are. */
    @Override
    public String toString() {
        return "AdminConfig[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", tokens=" + tokens.size()
                + ", flagstore=" + storeKind.name().toLowerCase(Locale.ROOT) + ", stateDir=" + stateDir + ", table=" + table
                + ", instance=" + instanceId + "]";
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Collects every problem rather than stopping at the first, so one restart fixes them all. */
    private static final class Parser {
        private final Map<String, String> options;
        private final List<String> errors = new ArrayList<>();

        Parser(Map<String, String> options) {
            this.options = new LinkedHashMap<>(options);
        }

        String string(String key, String dflt) {
            String v = options.get(key);
            if (v == null) {
                return dflt;
            }
            if (v.isBlank()) {
                errors.add(key + ": must not be empty");
                return dflt;
            }
            return v.strip();
        }

        int integer(String key, int dflt, int min, int max) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.add(key + ": expected an integer from " + min + " to " + max + ", got \"" + v + "\"");
            return dflt;
        }

        boolean bool(String key, boolean dflt) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            errors.add(key + ": expected true or false, got \"" + v + "\"");
            return dflt;
        }

        <E extends Enum<E>> E choice(String key, E dflt, Class<E> type) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            errors.add(key + ": expected one of " + String.join(", ", names) + ", got \"" + v + "\"");
            return dflt;
        }

        URI uri(String key) {
            String v = string(key, null);
            if (v == null) {
                return null;
            }
            try {
                URI u = URI.create(v);
                if (u.getScheme() != null && u.getHost() != null) {
                    return u;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            errors.add(key + ": expected a URL like http://127.0.0.1:8000, got \"" + v + "\"");
            return null;
        }

        Map<String, Operator> tokens(String key) {
            String v = string(key, null);
            if (v == null) {
                return Map.of();
            }
            String source;
            List<String> entries;
            if (v.startsWith("env:")) {
                String var = v.substring(4);
                String value = System.getenv(var);
                if (value == null) {
                    errors.add(key + ": environment variable " + var + " is not set");
                    return Map.of();
                }
                source = "environment variable " + var;
                entries = List.of(value.split("[,;\\n]"));
            } else if (v.contains("=")) {
                source = "the inline value";
                entries = List.of(v.split("[,;]"));
            } else {
                Path file = Path.of(v);
                if (readableByOthers(file)) {
                    errors.add(key + ": the tokens file " + file.toAbsolutePath() + " is readable by its group or by others; "
                            + "tokens are passwords: chmod 600 " + file.toAbsolutePath());
                    return Map.of();
                }
                try {
                    entries = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    errors.add(key + ": cannot read the tokens file " + file.toAbsolutePath() + " (" + e.getMessage()
                            + "); give a file path, env:VAR, or inline token=name:role entries");
                    return Map.of();
                }
                source = "file " + file.toAbsolutePath();
            }
            return parseTokens(key, source, entries);
        }

        /** A secret: inline, {@code env:VAR} or {@code file:PATH} (its first line); null when absent. */
        String secret(String key) {
            String v = string(key, null);
            if (v == null) {
                return null;
            }
            if (v.startsWith("env:")) {
                String value = System.getenv(v.substring(4));
                if (value == null) {
                    errors.add(key + ": environment variable " + v.substring(4) + " is not set");
                }
                return value;
            }
            if (v.startsWith("file:")) {
                try {
                    List<String> lines = Files.readAllLines(Path.of(v.substring(5)), StandardCharsets.UTF_8);
                    return lines.isEmpty() ? "" : lines.get(0).strip();
                } catch (IOException e) {
                    errors.add(key + ": cannot read " + v.substring(5) + " (" + e.getMessage() + ")");
                    return null;
                }
            }
            return v;
        }

        /** Whether a POSIX file system lets the file's group or others read it (false where there are no POSIX modes). */
        private static boolean readableByOthers(Path file) {
            try {
                java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                return perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                        || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            } catch (UnsupportedOperationException | IOException e) {
                return false;   // no POSIX modes here, or unreadable: reading it reports the problem
            }
        }

        /** Entry errors name the entry by position and operator, never by its token. */
        private Map<String, Operator> parseTokens(String key, String source, List<String> entries) {
            Map<String, Operator> out = new LinkedHashMap<>();
            int n = 0;
            for (String raw : entries) {
                String e = raw.strip();
                if (e.isEmpty() || e.startsWith("#")) {
                    continue;
                }
                n++;
                int eq = e.indexOf('=');
                if (eq <= 0 || eq == e.length() - 1) {
                    errors.add(key + ": entry " + n + " in " + source + " is not token=name[:role]");
                    continue;
                }
                String token = e.substring(0, eq).strip();
                String rest = e.substring(eq + 1).strip();
                int colon = rest.lastIndexOf(':');
                String name = colon < 0 ? rest : rest.substring(0, colon).strip();
                String roleName = colon < 0 ? Role.OPERATOR.wireName() : rest.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                Role role = Role.fromWire(roleName).orElse(null);
                if (role == null) {
                    errors.add(key + ": entry " + n + " (" + name + ") in " + source + " has role \"" + roleName + "\"; allowed: " + Role.allowed());
                    continue;
                }
                if (name.isEmpty()) {
                    errors.add(key + ": entry " + n + " in " + source + " has no operator name");
                    continue;
                }
                if (out.containsKey(token)) {
                    errors.add(key + ": entry " + n + " (" + name + ") in " + source + " repeats the token of " + out.get(token).name());
                    continue;
                }
                if (token.length() < 16) {
                    LOG.warning(key + ": the token of " + name + " is shorter than 16 characters; use a long random token");
                }
                out.put(token, new Operator(name, role));
            }
            return Map.copyOf(out);
        }

        void unknown() {
            Set<String> bad = new TreeSet<>();
            for (String k : options.keySet()) {
                boolean ours = k.equals("flagstore") || OWNED_PREFIXES.stream().anyMatch(k::startsWith);
                if (ours && !KNOWN.contains(k)) {
                    bad.add(k);
                }
            }
            if (!bad.isEmpty()) {
                errors.add("unknown option" + (bad.size() > 1 ? "s " : " ") + String.join(", ", bad) + "; known options: "
                        + String.join(", ", new TreeSet<>(KNOWN)));
            }
        }

        void throwIfErrors() {
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("invalid Shift admin options: " + String.join("; ", errors));
            }
        }
    }
}
