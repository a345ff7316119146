package dev.shift.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How to start the shop: which JVM, with or without Shift (and its options), against which MySQL. */
public final class ShopLaunch {

    public static final Path JDK17 = Path.of(System.getProperty("java.home"));
    public static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private Path javaHome = JDK17;
    private Path agentJar;
    private final Map<String, String> agentOptions = new LinkedHashMap<>();
    private boolean adminExpected = true;
    private final List<String> shopArgs = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String jdbcUrl;
    private String dbUser = "root";
    private String dbPassword = "";
    private Path logFile;
    private int port;
    private Duration startTimeout = ShopProcess.defaultStartTimeout();

    public static ShopLaunch shop(String jdbcUrl) {
        ShopLaunch l = new ShopLaunch();
        l.jdbcUrl = jdbcUrl;
        return l;
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
        cmd.add("-jar");
        cmd.add(Artifacts.shopJar().toString());
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
