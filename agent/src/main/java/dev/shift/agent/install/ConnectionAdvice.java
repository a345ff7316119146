package dev.shift.agent.install;

import dev.shift.agent.jdbc.CallDepth;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the start and end of {@code Driver#connect} and {@code DataSource#getConnection} implementations:
 * the outermost call's returned connection is replaced by Shift's wrapper. Kept tiny and failure-proof
 * ({@code suppress}): if anything goes wrong the application gets its connection untouched.
 */
final class ConnectionAdvice {

    private ConnectionAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter() {
        return CallDepth.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter int depthBefore,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection) {
        CallDepth.exit();
        connection = WovenExit.afterGetConnection((Connection) connection, depthBefore);
    }
}
