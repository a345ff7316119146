package dev.shift.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How to start a shop: which one (the legacy shop, or the ORM shop), which JVM, with or without Shift (and its
 * options), against which MySQL. Both take the same command-line options.
 */
public final class ShopLaunch {

    public static final Path JDK17 = Path.of(System.getProperty("java.home"));
    public static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final List<String> program;
    private Path javaHome = JDK17;
    private Path agentJar;
    private final Map<String, String> agentOptions = new LinkedHashMap<>();
    private boolean adminExpected = true;
    private final List<String> shopArgs = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final String jdbcUrl;
    private String dbUser = "root";
    private String dbPassword = "";
    private Path logFile;
    private int port;
    private Duration startTimeout = ShopProcess.defaultStartTimeout();

    private ShopLaunch(List<String> program, String jdbcUrl) {
        this.program = program;
        this.jdbcUrl = jdbcUrl;
    }

    /** The legacy shop (plain JDBC, Connector/J for jdbc:mysql URLs), from its executable jar. */
    public static ShopLaunch shop(String jdbcUrl) {
        return new ShopLaunch(List.of("-jar", Artifacts.shopJar().toString()), jdbcUrl);
    }

    /**
     * The ORM shop (Hibernate, HikariCP and MariaDB's driver; give it a jdbc:mariadb URL): its only page, {@code POST
     * /workload?first-user=N}, runs its workload for users N..N+3 and answers each step's result.
     */
    public static ShopLaunch ormShop(String jdbcUrl) {
        return new ShopLaunch(List.of("-cp", Artifacts.ormShopClasspath(), "com.acme.ormshop.Main"), jdbcUrl);
    }

    public ShopLaunch javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    /** Attach Shift's agent jar with these options (k=v pairs joined by commas). */
    public ShopLaunch withAgent(Path jar, Map<String, String> options) {
        this.agentJar = jar;
        this.agentOptions.putAll(options);
        return this;
    }

    /** Shift is expected not to start (wrong options): the start waits for the shop alone. */
    public ShopLaunch withoutAdminPort() {
        this.adminExpected = false;
        return this;
    }

    boolean adminExpected() {
        return adminExpected;
    }

    /** One agent option more, or another value for one (after {@link #withAgent}). */
    public ShopLaunch agentOption(String key, String value) {
        this.agentOptions.put(key, value);
        return this;
    }

    public ShopLaunch dbUser(String user, String password) {
        this.dbUser = user;
        this.dbPassword = password;
        return this;
    }

    public ShopLaunch shopArgs(String... args) {
        shopArgs.addAll(List.of(args));
        return this;
    }

    public ShopLaunch jvmArgs(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    public ShopLaunch env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** The shop's HTTP port; 0 (the default) picks a free one. */
    public ShopLaunch port(int port) {
        this.port = port;
        return this;
    }

    public ShopLaunch logFile(Path file) {
        this.logFile = file;
        return this;
    }

    public ShopLaunch startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    boolean withAgent() {
        return agentJar != null;
    }

    Path logFile() {
        if (logFile == null) {
            logFile = Artifacts.outputDir("shop").resolve("shop-" + System.nanoTime() + ".log");
        }
        return logFile;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    Map<String, String> environment() {
        return env;
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmArgs);
        if (agentJar != null) {
            String opts = agentOptions.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            cmd.add("-javaagent:" + agentJar + (opts.isEmpty() ? "" : "=" + opts));
        }
        cmd.addAll(program);
        cmd.add("--jdbc-url");
        cmd.add(jdbcUrl);
        cmd.add("--db-user");
        cmd.add(dbUser);
        cmd.add("--db-password");
        cmd.add(dbPassword);
        cmd.add("--port");
        cmd.add(String.valueOf(port));
        cmd.addAll(shopArgs);
        return cmd;
    }
}
