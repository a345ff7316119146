package dev.shift.agent.install;

import dev.shift.agent.config.AgentOptions;
import dev.shift.agent.config.InvalidOptionsException;
import dev.shift.agent.jdbc.Interception;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Starts Shift inside the application's JVM. Invariant: nothing here takes the application down: every
 * failure is logged as one paragraph and leaves the application in phase 1 pass-through.
 *
 * <p>Order: options → JDBC interception (must be in place before the application loads its driver) →
 * {@link ShiftStartup#beforeApplication} of each start-up part → their {@link ShiftStartup#start} on a daemon
 * thread, so slow work (DynamoDB, the admin port) never delays the application's {@code main}.
 */
public final class AgentInstaller {

    static final String STARTUP_THREAD = "shift-startup";
    /** Shift is installed once per JVM, however often its jar is attached. */
    private static final AtomicBoolean ATTACHED = new AtomicBoolean();
    private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";

    private AgentInstaller() {
    }

    public static void install(String agentArgument, Instrumentation instrumentation) {
        if (!ATTACHED.compareAndSet(false, true)) {
            // A second -javaagent of Shift: starting again would put a second router, outbox and admin port beside
            // the first, and the second's admin port failing to bind would reset the first's routing.
            StartupLog.attachedTwice();
            return;
        }
        install(agentArgument, instrumentation, AgentInstaller::startupParts);
    }

    /** As {@link #install(String, Instrumentation)}, with the start-up parts given (tests). */
    static void install(String agentArgument, Instrumentation instrumentation,
            Supplier<List<ShiftStartup>> startupParts) {
        long started = System.nanoTime();
        AgentOptions options;
        try {
            options = AgentOptions.load(agentArgument);
        } catch (InvalidOptionsException e) {
            String what = "Its options are wrong: " + String.join("; ", e.problems()) + ".";
            String remedy = "Correct the option(s) named above (in the -javaagent argument, -Dshift.<key>, SHIFT_<KEY> "
                    + "or the config file) and restart the application.";
            Optional<String> closed = FailClosed.reason(e.values());
            if (closed.isEmpty()) {
                StartupLog.passThrough(what, remedy, null);
                return;
            }
            try {
                quietByteBuddy();
                JdbcInterception.installForApplication(instrumentation);
                Interception.install(FailClosed.interceptor(e.values(), closed.get()));
                StartupLog.failedClosed(what, closed.get(), remedy, null);
            } catch (Throwable t) {
                StartupLog.passThrough(what + " Refusing statements on migrated tables failed too (" + t + ").",
                        remedy, t);
            }
            return;
        }
        if (!options.enabled()) {
            StartupLog.switchedOff();
            return;
        }
        quietByteBuddy();
        try {
            JdbcInterception.installForApplication(instrumentation);
        } catch (Throwable t) {
            StartupLog.passThrough("Installing the JDBC interception failed (" + t + ").",
                    "This is a bug in Shift or a JVM it does not support; report it with this log.", t);
            return;
        }
        long interceptionPlaced = System.nanoTime();
        List<ShiftStartup> parts = startupParts.get();
        if (!runStage(parts, options, ShiftStartup::beforeApplication)) {
            return;
        }
        long done = System.nanoTime();
        StartupLog.intercepting(options, (interceptionPlaced - started) / 1_000_000,
                (done - interceptionPlaced) / 1_000_000);
        if (!parts.isEmpty()) {
            Thread thread = new Thread(() -> startInBackground(parts, options), STARTUP_THREAD);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Shift's advice is inlined, so Byte Buddy never needs to inject classes; in "safe" mode it does not touch
     * {@code sun.misc.Unsafe} for that, which on JDK 24+ would print a deprecation warning into the application's
     * output. The key is relocated along with Byte Buddy (to {@code dev.shift.agent.shaded.net.bytebuddy.safe}),
     * so it never changes an application's own Byte Buddy; an explicit setting wins.
     */
    private static void quietByteBuddy() {
        if (System.getProperty(BYTE_BUDDY_SAFE) == null) {
            System.setProperty(BYTE_BUDDY_SAFE, "true");
        }
    }

    /** A stage of a start-up part. */
    private interface Stage {
        void run(ShiftStartup part, AgentOptions options) throws Exception;
    }

    private static void startInBackground(List<ShiftStartup> parts, AgentOptions options) {
        if (runStage(parts, options, ShiftStartup::prepare)) {
            runStage(parts, options, ShiftStartup::start);
        }
    }

    /** Runs the stage of every part in turn; false (the failure handled) as soon as one fails. */
    private static boolean runStage(List<ShiftStartup> parts, AgentOptions options, Stage stage) {
        for (ShiftStartup part : parts) {
            try {
                stage.run(part, options);
            } catch (Throwable t) {
                failedPart(part, options, t);
                return false;
            }
        }
        return true;
    }

    /** Pass-through while MySQL is complete; otherwise statements on migrated tables are refused (fail closed). */
    private static void failedPart(ShiftStartup part, AgentOptions options, Throwable t) {
        String what = "Starting " + part.name() + " failed (" + t + ").";
        String remedy = "Connections stay wrapped, so Shift can take over once the cause is fixed and the application "
                + "restarted.";
        Optional<String> closed = FailClosed.reason(options.asMap());
        if (closed.isPresent()) {
            Interception.install(FailClosed.interceptor(options.asMap(), closed.get()));
            StartupLog.failedClosed(what, closed.get(), remedy, t);
        } else {
            Interception.reset();
            StartupLog.passThrough(what, remedy, t);
        }
        part.failed();
    }

    private static List<ShiftStartup> startupParts() {
        List<ShiftStartup> parts = new ArrayList<>();
        try {
            for (ShiftStartup part : ServiceLoader.load(ShiftStartup.class, AgentInstaller.class.getClassLoader())) {
                parts.add(part);
            }
        } catch (ServiceConfigurationError e) {
            StartupLog.passThrough("A start-up part listed in META-INF/services/" + ShiftStartup.class.getName()
                    + " could not be loaded (" + e + ").", "This is a packaging bug in Shift; report it.", e);
            return List.of();
        }
        return parts;
    }
}
