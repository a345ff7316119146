package dev.shift.agent.install;

import dev.shift.agent.jdbc.CallDepth;
import java.sql.Connection;

/**
 * Called just before a bridge method's {@code areturn} (see {@link BridgeReturnWrapper}). Public because the call
 * is woven into driver classes. Never throws: the application gets its connection, wrapped or not.
 */
public final class BridgeExit {

    private BridgeExit() {
    }

    public static Connection onReturn(Connection connection) {
        return WovenExit.afterGetConnection(connection, CallDepth.current());
    }
}
