package dev.shift.agent.config;

import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.outbox.Outbox;
import dev.shift.agent.validation.ValidationSettings;
import dev.shift.core.flags.Phase;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's settings. Each key is looked up, first match wins, in:
 * <ol>
 *   <li>the agent argument: {@code -javaagent:shift-agent.jar=phase=2,dynamodb.endpoint=http://localhost:8000};</li>
 *   <li>system properties {@code -Dshift.<key>=…};</li>
 *   <li>environment variables {@code SHIFT_<KEY>} (upper case, {@code .} and {@code -} as {@code _}:
 *       {@code SHIFT_DYNAMODB_ENDPOINT});</li>
 *   <li>the properties file named by {@code config} (given by any of the above).</li>
 * </ol>
 * Keys: see {@link #KNOWN_KEYS} and the {@code admin.*}, {@code flagstore*} and {@code state.dir} keys that are
 * passed on to the admin endpoint as they are.
 */
public final class AgentOptions {

    public static final String ENABLED = "enabled";
    public static final String PHASE = "phase";
    public static final String MAPPING = "mapping";
    public static final String DYNAMODB_ENDPOINT = "dynamodb.endpoint";
    public static final String DYNAMODB_REGION = "dynamodb.region";
    public static final String DYNAMODB_TABLE = "dynamodb.table";
    public static final String CONFIG = "config";
    public static final String STATE_DIR = "state.dir";
    public static final String DYNAMODB_TIMEOUT = "dynamodb.timeout-ms";
    public static final String DYNAMODB_ATTEMPT_TIMEOUT = "dynamodb.attempt-timeout-ms";
    public static final String MYSQL_URL = "mysql.url";
    public static final String MYSQL_USER = "mysql.user";
    public static final String MYSQL_PASSWORD = "mysql.password";
    public static final String OUTBOX_TABLE = "outbox.table";

    /** The DynamoDB table of the default mapping (DESIGN.md, data model). */

    static final Set<String> KNOWN_KEYS = java.util.stream.Stream.concat(
            Set.of(ENABLED, PHASE, MAPPING, DYNAMODB_ENDPOINT, DYNAMODB_REGION, DYNAMODB_TABLE, CONFIG, STATE_DIR,
                    MYSQL_URL, MYSQL_USER, MYSQL_PASSWORD, OUTBOX_TABLE, DYNAMODB_TIMEOUT, DYNAMODB_ATTEMPT_TIMEOUT).stream(),
            ValidationSettings.KEYS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final List<String> PASS_ON_PREFIXES = List.of("admin.", "flagstore");

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final Map<String, String> values;   // effective value per key
    private final Map<String, String> sources;  // where each came from, for the start-up log
    private final boolean enabled;
    private final Phase phase;
    private final Path mapping;
    private final URI dynamoDbEndpoint;
    private final String dynamoDbRegion;
    private final String dynamoDbTable;
    private final ValidationSettings validation;

    private AgentOptions(Map<String, String> values, Map<String, String> sources, boolean enabled, Phase phase,
            Path mapping, URI dynamoDbEndpoint, String dynamoDbRegion, String dynamoDbTable,
            ValidationSettings validation) {
        this.validation = validation;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        this.enabled = enabled;
        this.phase = phase;
        this.mapping = mapping;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.dynamoDbRegion = dynamoDbRegion;
        this.dynamoDbTable = dynamoDbTable;
    }

    /** The options of this JVM: its agent argument, system properties and environment. */
    public static AgentOptions load(String agentArgument) throws InvalidOptionsException {
        return parse(agentArgument, System.getProperties(), System.getenv());
    }

    /** All defaults (phase 1, built-in mapping, AWS default endpoint chain). */
    public static AgentOptions defaults() {
        try {
            return parse(null, new Properties(), Map.of());
        } catch (InvalidOptionsException e) {
            throw new IllegalStateException("the defaults must be valid", e);
        }
    }

    public static AgentOptions parse(String agentArgument, Properties systemProperties, Map<String, String> env)
            throws InvalidOptionsException {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();

        Map<String, String> fromArgument = parseArgument(agentArgument, problems);
        Map<String, String> fromProperties = fromSystemProperties(systemProperties);
        Map<String, String> fromEnv = fromEnvironment(env);
        checkKeys(fromArgument.keySet(), "in the -javaagent argument", problems);

        mergeInto(values, sources, fromArgument, "-javaagent argument");
        mergeInto(values, sources, fromProperties, "system property shift.<key>");
        mergeInto(values, sources, fromEnv, "environment SHIFT_<KEY>");
        if (values.containsKey(CONFIG)) {
            Map<String, String> fromFile = readConfigFile(values.get(CONFIG), problems);
            checkKeys(fromFile.keySet(), "in config file " + values.get(CONFIG), problems);
            mergeInto(values, sources, fromFile, "config file " + values.get(CONFIG));
        }

        boolean enabled = parseEnabled(values.get(ENABLED), problems);
        Phase phase = parsePhase(values.get(PHASE), problems);
        Path mapping = parseMapping(values.get(MAPPING), problems);
        URI endpoint = parseEndpoint(values.get(DYNAMODB_ENDPOINT), problems);
        String region = parseRegion(values.get(DYNAMODB_REGION), problems);
        String table = parseTable(values.get(DYNAMODB_TABLE), problems);
        ValidationSettings validation = ValidationSettings.from(values, problems);
        long call = millis(values, DYNAMODB_TIMEOUT, DynamoClients.Timeouts.DEFAULT.call().toMillis(), problems);
        long attempt = millis(values, DYNAMODB_ATTEMPT_TIMEOUT,
                Math.min(call, DynamoClients.Timeouts.DEFAULT.attempt().toMillis()), problems);
        if (attempt > call) {
            problems.add(DYNAMODB_ATTEMPT_TIMEOUT + "=" + attempt + " is longer than " + DYNAMODB_TIMEOUT + "=" + call
                    + ": one attempt cannot take longer than the whole call");
        }
        if (values.containsKey(MYSQL_URL) && !values.get(MYSQL_URL).startsWith("jdbc:mysql://")) {
            problems.add("mysql.url=" + dev.shift.agent.jdbc.DriverConnections.withoutCredentials(values.get(MYSQL_URL)) + " is not valid: give a "
                    + "jdbc:mysql://host:port/database URL (the application's database)");
        }
        if (values.containsKey(OUTBOX_TABLE) && !Outbox.plainName(values.get(OUTBOX_TABLE))) {
            problems.add("outbox.table=" + values.get(OUTBOX_TABLE) + " is not valid: give a plain table name "
                    + "(letters, digits, underscore)");
        }
        if (values.containsKey(STATE_DIR) && values.get(STATE_DIR).isBlank()) {
            problems.add("state.dir is empty: give a directory Shift may write to");
        }
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(problems, values);
        }
        return new AgentOptions(values, sources, enabled, phase, mapping, endpoint, region,
                table, validation);
    }

    /** False when the operator switched Shift off ({@code enabled=false}): nothing is instrumented. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The database Shift's own connections go to (the outbox, copying rows); empty = the way the application
     * connects, as seen at its {@code Driver#connect}.
     */
    public Optional<String> mysqlUrl() {
        return Optional.ofNullable(values.get(MYSQL_URL));
    }

    public Optional<String> mysqlUser() {
        return Optional.ofNullable(values.get(MYSQL_USER));
    }

    public Optional<String> mysqlPassword() {
        return Optional.ofNullable(values.get(MYSQL_PASSWORD));
    }

    /** The outbox table in the application's database (default {@code shift_outbox}). */
    public String outboxTable() {
        return values.getOrDefault(OUTBOX_TABLE, "shift_outbox");
    }

    /** The phase to start in (default 1, MySQL only). */
    public Phase phase() {
        return phase;
    }

    /** The operator's mapping file; empty = the built-in default mapping. */
    public Optional<Path> mapping() {
        return Optional.ofNullable(mapping);
    }

    /** DynamoDB's endpoint (e.g. DynamoDB Local); empty = the AWS SDK's default endpoint for the region. */
    public Optional<URI> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint);
    }

    /** The region; empty = the AWS SDK's default region chain. */
    public Optional<String> dynamoDbRegion() {
        return Optional.ofNullable(dynamoDbRegion);
    }

    /** How long a statement may wait for DynamoDB: {@code dynamodb.timeout-ms} (2000), {@code .attempt-timeout-ms} (800). */
    public DynamoClients.Timeouts dynamoDbTimeouts() {
        long call = Long.parseLong(values.getOrDefault(DYNAMODB_TIMEOUT,
                Long.toString(DynamoClients.Timeouts.DEFAULT.call().toMillis())));
        long attempt = Long.parseLong(values.getOrDefault(DYNAMODB_ATTEMPT_TIMEOUT,
                Long.toString(Math.min(call, DynamoClients.Timeouts.DEFAULT.attempt().toMillis()))));
        return new DynamoClients.Timeouts(DynamoClients.Timeouts.DEFAULT.connect(), Duration.ofMillis(attempt),
                Duration.ofMillis(call));
    }

    /** The table given by {@code dynamodb.table}; empty = the mapping's table (one name for the agent and the CLI). */
    public Optional<String> dynamoDbTable() {
        return Optional.ofNullable(dynamoDbTable);
    }

    /** Phase 3's shadow reads: {@code validation.sample}, {@code .threads}, {@code .queue}, {@code .recent}, {@code .mask}. */
    public ValidationSettings validation() {
        return validation;
    }

    public Optional<Path> stateDir() {
        return Optional.ofNullable(values.get(STATE_DIR)).map(Path::of);
    }

    /**
     * The settings for the admin endpoint ({@code admin.*}, {@code flagstore*}, {@code state.dir}), keys as
     * given, for {@code AdminConfig.from(Map)}.
     */
    public Map<String, String> adminSettings() {
        return values.entrySet().stream()
                .filter(e -> isPassedOn(e.getKey()) || e.getKey().equals(STATE_DIR))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every effective setting (sorted by key). */
    public Map<String, String> asMap() {
        return values;
    }

    /** One line for the start-up log: each setting and where it came from. */
    public String describe() {
        StringBuilder sb = new StringBuilder("phase ").append(phase.number()).append(" (").append(phase.title())
                .append("), mapping ").append(mapping == null ? "built-in" : mapping.toString())
                .append(", DynamoDB ").append(dynamoDbEndpoint == null ? "AWS default endpoint" : dynamoDbEndpoint)
                .append(", table ").append(dynamoDbTable == null ? "from the mapping" : dynamoDbTable);
        if (!sources.isEmpty()) {
            sb.append(" [");
            sb.append(sources.entrySet().stream().map(e -> e.getKey() + " from " + e.getValue())
                    .collect(Collectors.joining(", ")));
            sb.append(']');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(values);
        shown.computeIfPresent(MYSQL_PASSWORD, (k, v) -> "****");
        return "AgentOptions" + shown;
    }

    // ---- sources --------------------------------------------------------------------------------------------

    static Map<String, String> parseArgument(String argument, List<String> problems) {
        Map<String, String> map = new LinkedHashMap<>();
        if (argument == null || argument.isBlank()) {
            return map;
        }
        for (String entry : argument.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                problems.add("'" + trimmed + "' in the -javaagent argument is not key=value "
                        + "(expected e.g. -javaagent:shift-agent.jar=phase=2,dynamodb.endpoint=http://localhost:8000)");
                continue;
            }
            map.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return map;
    }

    private static Map<String, String> fromSystemProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith("shift.")) {
                continue;
            }
            String key = name.substring("shift.".length());
            // Other shift.* properties may belong to other tools (tests, the testkit): only ours are read.
            if (KNOWN_KEYS.contains(key) || isPassedOn(key)) {
                map.put(key, properties.getProperty(name).trim());
            }
        }
        return map;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : KNOWN_KEYS) {
            String value = env.get(envName(key));
            if (value != null) {
                map.put(key, value.trim());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            // SHIFT_ADMIN_PORT → admin.port; SHIFT_FLAGSTORE_TABLE → flagstore.table.
            if (name.startsWith("SHIFT_ADMIN_") || name.startsWith("SHIFT_FLAGSTORE")) {
                map.put(name.substring("SHIFT_".length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        e.getValue().trim());
            }
        }
        return map;
    }

    static String envName(String key) {
        return "SHIFT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> readConfigFile(String file, List<String> problems) {
        Map<String, String> map = new LinkedHashMap<>();
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            problems.add("config=" + file + " is not a valid path");
            return map;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            problems.add("config=" + file + " cannot be read (" + e + "): give a readable properties file");
            return map;
        }
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name).trim());
        }
        return map;
    }

    private static void mergeInto(Map<String, String> values, Map<String, String> sources,
            Map<String, String> layer, String source) {
        for (Map.Entry<String, String> e : layer.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                values.put(e.getKey(), e.getValue());
                sources.put(e.getKey(), source);
            }
        }
    }

    private static void checkKeys(Set<String> keys, String where, List<String> problems) {
        for (String key : keys) {
            if (!KNOWN_KEYS.contains(key) && !isPassedOn(key)) {
                problems.add("unknown option '" + key + "' " + where + ": known options are "
                        + KNOWN_KEYS.stream().sorted().collect(Collectors.joining(", "))
                        + ", and admin.*, flagstore* for the admin endpoint");
            }
        }
    }

    private static boolean isPassedOn(String key) {
        return PASS_ON_PREFIXES.stream().anyMatch(key::startsWith);
    }

    // ---- values ----------------------------------------------------------------------------------------------

    private static boolean parseEnabled(String value, List<String> problems) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add("enabled=" + value + " is not valid: allowed values are true, false");
        return true;
    }

    private static Phase parsePhase(String value, List<String> problems) {
        if (value == null) {
            return Phase.MYSQL_ONLY;
        }
        Optional<Phase> phase = Optional.empty();
        try {
            phase = Phase.number(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (phase.isEmpty()) {
            problems.add("phase=" + value + " is not valid: allowed values are "
                    + Arrays.stream(Phase.values()).map(p -> p.number() + " (" + p.title() + ")")
                            .collect(Collectors.joining(", ")));
            return Phase.MYSQL_ONLY;
        }
        return phase.get();
    }

    private static Path parseMapping(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Path path = Path.of(value);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                problems.add("mapping=" + value + " is not a readable file: give the path of a mapping JSON file, "
                        + "or leave mapping unset for the built-in mapping");
                return null;
            }
            return path;
        } catch (InvalidPathException e) {
            problems.add("mapping=" + value + " is not a valid path");
            return null;
        }
    }

    /** A duration option in milliseconds, 50 ms to a minute; a wrong value adds a problem and keeps the default. */
    private static long millis(Map<String, String> values, String key, long dflt, List<String> problems) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 50 && ms <= 60_000) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + "=" + v + " is not valid: give milliseconds between 50 and 60000");
        return dflt;
    }

    private static URI parseEndpoint(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add("dynamodb.endpoint=" + value + " is not valid: give an http:// or https:// URI with a host "
                + "(e.g. http://localhost:8000), or leave it unset for AWS's default endpoint");
        return null;
    }

    private static String parseRegion(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!REGION.matcher(value).matches()) {
            problems.add("dynamodb.region=" + value + " is not valid: give an AWS region name such as us-east-1");
            return null;
        }
        return value;
    }

    private static String parseTable(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        if (!TABLE.matcher(value).matches()) {
            problems.add("dynamodb.table=" + value + " is not valid: a DynamoDB table name has 3-255 characters "
                    + "among A-Z a-z 0-9 _ - .");
            return null;
        }
        return value;
    }
}
