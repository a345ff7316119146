package dev.shift.agent.install;

import dev.shift.agent.config.AgentOptions;

/** What Shift says about its own start, in the application's log (java.util.logging via System.Logger). */
final class StartupLog {

    private static final String PASS_THROUGH = "The application runs in phase 1 pass-through: every statement goes "
            + "to MySQL exactly as it would without Shift, and nothing is read from or written to DynamoDB.";

    private StartupLog() {
    }

    static System.Logger logger() {
        return System.getLogger("dev.shift.agent");
    }

    /** One paragraph: what failed, what the application runs as now, what to do. */
    static void passThrough(String whatFailed, String remedy, Throwable cause) {
        String message = "SHIFT AGENT NOT ACTIVE. " + whatFailed + " " + PASS_THROUGH + " " + remedy;
        if (cause == null) {
            logger().log(System.Logger.Level.ERROR, message);
        } else {
            logger().log(System.Logger.Level.ERROR, message, cause);
        }
    }

    /** One paragraph: what failed, why MySQL alone may not serve, what runs now, what to do. */
    static void failedClosed(String whatFailed, String storedPhase, String remedy, Throwable cause) {
        String message = "SHIFT AGENT NOT ACTIVE, FAILING CLOSED. " + whatFailed + " Statements on migrated tables are "
                + "refused with an SQLException rather than served by MySQL alone (" + storedPhase + "); statements on "
                + "other tables work. " + remedy;
        if (cause == null) {
            logger().log(System.Logger.Level.ERROR, message);
        } else {
            logger().log(System.Logger.Level.ERROR, message, cause);
        }
    }

    static void intercepting(AgentOptions options, long interceptionMillis, long partsMillis) {
        logger().log(System.Logger.Level.INFO, "Shift agent intercepting JDBC connections (set up in "
                + interceptionMillis + " ms, starting gate in " + partsMillis + " ms; the rest is prepared beside the "
                + "application): "
                + options.describe());
    }

    static void attachedTwice() {
        logger().log(System.Logger.Level.WARNING, "Shift agent attached twice (two -javaagent options name it): the "
                + "second is ignored, Shift runs once. Remove the duplicate option.");
    }

    static void switchedOff() {
        logger().log(System.Logger.Level.INFO,
                "Shift agent switched off (enabled=false): nothing is intercepted, the application uses MySQL only.");
    }
}
