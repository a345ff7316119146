package dev.shift.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy shop running in its own JVM, optionally with Shift attached, exactly as an operator
 * would start it. Its output goes to a log file; the shop's and the admin port's addresses are read
 * from the lines they print when ready.
 */
public final class ShopProcess implements AutoCloseable {

    private static final Pattern SHOP_READY = Pattern.compile("Shop listening on (http://[^\\s/]+)");
    private static final Pattern ADMIN_READY = Pattern.compile("Shift admin listening on (http://[^\\s/]+)");

    private final Process process;
    private final Path log;
    private final String shopUrl;
    private final String adminUrl;

    private ShopProcess(Process process, Path log, String shopUrl, String adminUrl) {
        this.process = process;
        this.log = log;
        this.shopUrl = shopUrl;
        this.adminUrl = adminUrl;
    }

    /** Starts the shop and waits until it (and, with an agent, the admin port) is ready. */
    public static ShopProcess start(ShopLaunch launch) throws IOException, InterruptedException {
        List<String> cmd = launch.command();
        Files.createDirectories(launch.logFile().getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(launch.environment());
        Process p = pb.start();
        CompletableFuture<String> shop = new CompletableFuture<>();
        CompletableFuture<String> admin = new CompletableFuture<>();
        if (!launch.withAgent()) {
            admin.complete(null);
        }
        Thread pump = new Thread(() -> pump(p, launch.logFile(), shop, admin), "shop-log-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            String shopUrl = shop.get(launch.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            String adminUrl = admin.get(launch.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new ShopProcess(p, launch.logFile(), shopUrl, adminUrl);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IllegalStateException("The shop did not start within " + launch.startTimeout()
                    + " (command " + String.join(" ", cmd) + "); last lines of " + launch.logFile() + ":\n"
                    + tail(launch.logFile(), 40), e);
        }
    }

    private static void pump(Process p, Path logFile, CompletableFuture<String> shop, CompletableFuture<String> admin) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                complete(SHOP_READY, line, shop);
                complete(ADMIN_READY, line, admin);
            }
        } catch (IOException e) {
            shop.completeExceptionally(e);
        }
        shop.completeExceptionally(new IllegalStateException("shop process exited with " + exitCode(p)));
        admin.completeExceptionally(new IllegalStateException("shop process exited before the admin port opened"));
    }

    private static String exitCode(Process p) {
        try {
            return String.valueOf(p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : "still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void complete(Pattern pattern, String line, CompletableFuture<String> target) {
        Matcher m = pattern.matcher(line.trim());
        if (!target.isDone() && m.find()) {
            target.complete(m.group(1));
        }
    }

    /** Base URL of the shop, without a trailing slash. */
    public String shopUrl() {
        return shopUrl;
    }

    /** Base URL of Shift's admin port, without a trailing slash (null without the agent). */
    public String adminUrl() {
        return adminUrl;
    }

    public Path logFile() {
        return log;
    }

    public String logTail(int lines) {
        return tail(log, lines);
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the JVM with SIGKILL (no shutdown hooks, nothing flushed: a crash as far as the shop and the agent
     * can tell) and waits until it is gone; returns its exit code (137).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the shop (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Default time to wait for start-up. */
    public static Duration defaultStartTimeout() {
        return Duration.ofSeconds(60);
    }
}
