package dev.shift.agent.install;

import dev.shift.agent.jdbc.DriverConnections;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the end of {@code Driver#connect} implementations (covariant ones included): remembers how the
 * application reached its database, so Shift can open connections of its own to it (see
 * {@link DriverConnections}). Never affects the application's connection.
 */
final class DriverConnectCapture {

    private DriverConnectCapture() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object driver, @Advice.Argument(0) String url, @Advice.Argument(1) Properties info,
            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object connection) {
        if (connection != null) {
            DriverConnections.seen(driver, url, info, connection);
        }
    }
}
