package dev.shift.agent.jdbc;

import java.sql.CallableStatement;

/**
 * A {@code CallableStatement}: executions go through the interceptor like any prepared statement (a stored
 * procedure call is never translated, so the router lets MySQL run it); OUT parameters and named parameters are
 * the real statement's business and are forwarded (see {@link ForwardingCallableStatement}).
 */
final class ShiftCallableStatement extends ForwardingCallableStatement {

    ShiftCallableStatement(ShiftConnection connection, CallableStatement delegate, String sql) {
        super(connection, delegate, sql, NO_GENERATED_KEYS, null, null);
    }
}
