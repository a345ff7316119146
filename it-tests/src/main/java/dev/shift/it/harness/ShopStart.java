package dev.shift.it.harness;

import dev.shift.testkit.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shop process being started from a {@link ShopLaunch}: returns at once, with the moment the process was started
 * and its pid, and lets the caller wait for the shop's port, Shift's admin port or the exit. {@link ShopProcess}
 * waits for the ports; the benchmarks time start-up with it.
 */
public final class ShopStart implements AutoCloseable {

    private static final Pattern SHOP_READY = Pattern.compile("Shop listening on (http://[^\\s/]+)");
    private static final Pattern ADMIN_READY = Pattern.compile("Shift admin listening on (http://[^\\s/]+)");

    private final Process process;
    private final long startedNanos;
    private final CompletableFuture<String> shop = new CompletableFuture<>();
    private final CompletableFuture<String> admin = new CompletableFuture<>();
    private final Path log;

    private ShopStart(Process process, long startedNanos, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Starts the process; returns at once (see {@link #awaitShop} / {@link #awaitAdmin} / {@link #awaitExit}). */
    public static ShopStart start(ShopLaunch launch) throws IOException {
        List<String> cmd = launch.command();
        Path logFile = launch.logFile();
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(launch.environment());
        long t0 = System.nanoTime();
        Process p = pb.start();
        ShopStart s = new ShopStart(p, t0, logFile);
        Thread pump = new Thread(s::pump, "shop-log-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        return s;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
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
        shop.completeExceptionally(new IllegalStateException("the shop exited; see " + log));
        admin.completeExceptionally(new IllegalStateException("the shop exited before Shift's admin port opened; see " + log));
    }

    private static void complete(Pattern pattern, String line, CompletableFuture<String> target) {
        Matcher m = pattern.matcher(line.trim());
        if (!target.isDone() && m.find()) {
            target.complete(m.group(1));
        }
    }

    /** The shop's base URL once it listens. */
    public String awaitShop(Duration timeout) throws InterruptedException {
        return await(shop, timeout, "the shop did not start listening", "Shop listening on");
    }

    /** Shift's admin URL once its port is open. */
    public String awaitAdmin(Duration timeout) throws InterruptedException {
        return await(admin, timeout, "Shift's admin port did not open", "Shift admin listening on");
    }

    /**
     * Waits for a line of the log; if it does not come, fails with everything a red run needs to say why: what was
     * waited for and how long, the threads inside Shift's or the shop's code, the log's last lines, and the state of
     * every test server of this JVM (a DynamoDB server's queue, each server's last log lines).
     */
    private String await(CompletableFuture<String> line, Duration timeout, String failure, String expected)
            throws InterruptedException {
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure + ": " + e.getCause().getMessage() + "\n" + diagnosis(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s (no line '" + expected
                    + "' in " + log + ")\n" + diagnosis(), e);
        }
    }

    /** What a failing wait reports: the shop's busy threads, its log's last lines, the test servers. */
    public String diagnosis() {
        return "--- threads in Shift's or the shop's code ---\n" + threadsInShiftOrShop()
                + "\n--- last lines of " + log + " ---\n" + ShopProcess.tail(log, 40)
                + "\n--- test servers ---\n" + TestServers.diagnosis();
    }

    /**
     * Asks the JVM for a thread dump (SIGQUIT; it prints to its log) and returns the threads that are inside Shift's
     * or the shop's code, which is where a stuck request or start shows itself.
     */
    public String threadsInShiftOrShop() {
        if (!process.isAlive()) {
            return "(the shop is not running: exit code " + process.exitValue() + ")";
        }
        try {
            int before = Files.readAllLines(log, StandardCharsets.UTF_8).size();
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1000);
            List<String> dump = Files.readAllLines(log, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            StringBuilder thread = new StringBuilder();
            for (String l : dump.subList(Math.min(before, dump.size()), dump.size())) {
                if (l.startsWith("\"")) {
                    keepIfOurs(thread, out);
                    thread.setLength(0);
                }
                thread.append(l).append('\n');
            }
            keepIfOurs(thread, out);
            return out.length() == 0 ? "(no thread is inside Shift's or the shop's code)" : out.toString();
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static void keepIfOurs(CharSequence thread, StringBuilder out) {
        String t = thread.toString();
        // "main" only waits for the server to stop
        if (!t.startsWith("\"main\"") && (t.contains("at dev.shift.") || t.contains("at com.acme.shop."))) {
            out.append(t);
        }
    }

    /** For a {@code --setup-only} run: waits for the exit, fails unless it is 0. */
    public void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            String diagnosis = diagnosis();
            process.destroyForcibly();
            throw new IllegalStateException("the shop's setup did not finish within " + timeout.toSeconds() + " s\n"
                    + diagnosis);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the shop's setup exited with " + process.exitValue() + "\n" + ShopProcess.tail(log, 30));
        }
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
