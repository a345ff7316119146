package dev.shift.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The legacy shop running in its own JVM, optionally with Shift attached, exactly as an operator
 * would start it. Its output goes to a log file; the shop's and the admin port's addresses are read
 * from the lines they print when ready.
 */
public final class ShopProcess implements AutoCloseable {


    private final ShopStart start;
    private final Process process;
    private final Path log;
    private final String shopUrl;
    private final String adminUrl;

    private ShopProcess(ShopStart start, Path log, String shopUrl, String adminUrl) {
        this.start = start;
        this.process = start.process();
        this.log = log;
        this.shopUrl = shopUrl;
        this.adminUrl = adminUrl;
    }

    /** Starts the shop and waits until it (and, with an agent, the admin port) is ready. */
    public static ShopProcess start(ShopLaunch launch) throws IOException, InterruptedException {
        ShopStart start = ShopStart.start(launch);
        try {
            String shopUrl = start.awaitShop(launch.startTimeout());
            String adminUrl = launch.withAgent() && launch.adminExpected() ? start.awaitAdmin(launch.startTimeout()) : null;
            return new ShopProcess(start, launch.logFile(), shopUrl, adminUrl);
        } catch (InterruptedException e) {
            start.process().destroyForcibly();
            throw e;
        } catch (RuntimeException e) {
            start.process().destroyForcibly();
            throw new IllegalStateException(e.getMessage() + "\n(command " + String.join(" ", launch.command()) + ")", e);
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

    /** For a failing test: the threads inside Shift's or the shop's code (see {@link ShopStart#threadsInShiftOrShop}). */
    public String threadsInShiftOrShop() {
        return start.threadsInShiftOrShop();
    }

    /** For a failing test: busy threads, the log's last lines and the test servers' state. */
    public String diagnosis() {
        return start.diagnosis();
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
        start.close();
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
