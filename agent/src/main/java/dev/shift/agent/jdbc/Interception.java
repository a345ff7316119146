package dev.shift.agent.jdbc;

import java.util.Objects;

/**
 * Where the wrappers find the {@link StatementInterceptor} in force. One volatile read per statement; switching
 * takes effect for the next statement on every connection, including connections opened before.
 */
public final class Interception {

    private static volatile StatementInterceptor current = PassThroughInterceptor.INSTANCE;

    private Interception() {
    }

    /** The interceptor for the statement about to run. */
    public static StatementInterceptor current() {
        return current;
    }

    /** Routes every wrapped connection's statements through {@code interceptor} from now on. */
    public static void install(StatementInterceptor interceptor) {
        current = Objects.requireNonNull(interceptor, "interceptor");
    }

    /** Back to pure pass-through (phase 1). */
    public static void reset() {
        current = PassThroughInterceptor.INSTANCE;
    }
}
