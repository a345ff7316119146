package dev.shift.agent.jdbc;

/**
 * How deep the current thread is inside advised "give me a connection" methods. Only the outermost call wraps:
 * a DataSource that calls a driver, or a driver that delegates to another driver, yields one wrapper.
 * Shift's own connections ({@link DriverConnections}) are opened inside it too, so they are never wrapped.
 * Public because the advice is inlined into driver classes and calls it from there.
 */
public final class CallDepth {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private CallDepth() {
    }

    /** Enters an advised method; returns the depth before entering (0 = outermost). */
    public static int enter() {
        return DEPTH.get()[0]++;
    }

    /** The current depth (0 = not inside any advised method). */
    public static int current() {
        return DEPTH.get()[0];
    }

    /** Leaves an advised method. */
    public static void exit() {
        int[] depth = DEPTH.get();
        if (depth[0] > 0) {
            depth[0]--;
        }
    }
}
