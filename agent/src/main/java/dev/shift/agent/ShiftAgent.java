package dev.shift.agent;

import dev.shift.agent.install.AgentInstaller;
import java.lang.instrument.Instrumentation;

/**
 * The {@code Premain-Class}/{@code Agent-Class} of {@code shift-agent.jar}. Does nothing but hand over to the
 * installer; even a failure to load the installer leaves the application running, untouched.
 */
public final class ShiftAgent {

    private ShiftAgent() {
    }

    /** {@code java -javaagent:shift-agent.jar[=key=value,…] …}. */
    public static void premain(String agentArgument, Instrumentation instrumentation) {
        start(agentArgument, instrumentation);
    }

    /** Attached to a running JVM. */
    public static void agentmain(String agentArgument, Instrumentation instrumentation) {
        start(agentArgument, instrumentation);
    }

    private static void start(String agentArgument, Instrumentation instrumentation) {
        try {
            AgentInstaller.install(agentArgument, instrumentation);
        } catch (Throwable t) {
            // The installer logs its own failures; this is for a broken jar (e.g. a class that cannot load).
            System.getLogger("dev.shift.agent").log(System.Logger.Level.ERROR,
                    "SHIFT AGENT NOT ACTIVE. It failed to start (" + t + "). The application runs in phase 1 "
                            + "pass-through: every statement goes to MySQL exactly as it would without Shift.", t);
        }
    }
}
