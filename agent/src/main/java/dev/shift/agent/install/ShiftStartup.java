package dev.shift.agent.install;

import dev.shift.agent.config.AgentOptions;

/**
 * A part of Shift that starts with the agent (the router, the admin endpoint), found with
 * {@link java.util.ServiceLoader} in the agent jar: list the class in
 * {@code META-INF/services/dev.shift.agent.install.ShiftStartup}.
 *
 * <p>If a stage throws, Shift falls back to
 * pass-through ({@link dev.shift.agent.jdbc.Interception#reset()}) and logs why; the application is never
 * stopped.
 */
public interface ShiftStartup {

    /**
     * Runs on the application's main thread before its {@code main}: only quick work (microseconds to a few
     * milliseconds), e.g. installing the router in a "starting" state so statements that arrive before
     * {@link #start} finishes are handled deliberately.
     */
    default void beforeApplication(AgentOptions options) throws Exception {
    }

    /**
     * Runs first on Shift's own daemon start-up thread, concurrently with the application: what statements need
     * before anything else (loading the mapping).
     */
    default void prepare(AgentOptions options) throws Exception {
    }

    /**
     * Runs on Shift's own daemon start-up thread after every part's {@link #prepare}: slow work (DynamoDB
     * connectivity, the admin port).
     */
    default void start(AgentOptions options) throws Exception {
    }

    /**
     * Runs after this part's {@link #beforeApplication} or {@link #start} failed, once the fallback (pass-through, or
     * refusing statements on migrated tables) serves statements: e.g. to release statements held while starting.
     */
    default void failed() {
    }

    /** For the log. */
    default String name() {
        return getClass().getName();
    }
}
