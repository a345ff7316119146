/**
 * Shift's JDBC wrappers and the one seam behind them.
 *
 * <p>Every connection an application obtains (DriverManager, a DataSource, a pool) is a {@link
 * dev.shift.agent.jdbc.ShiftConnection}; its statements are Shift's wrappers, and every execution and transaction
 * boundary is handed to the {@link dev.shift.agent.jdbc.StatementInterceptor} in force:
 *
 * <pre>{@code
 * Interception.install(router);                 // from now on, for every connection (old and new)
 *
 * final class Router implements StatementInterceptor {
 *     public ResultSet executeQuery(StatementCall call) throws SQLException {
 *         if (!migrated(call.sql())) {
 *             return call.onMysql().executeQuery();         // the real statement, same JDBC overload
 *         }
 *         TxBuffer tx = call.connection().attachment(TxBuffer.class, TxBuffer::new);   // per connection
 *         return dynamo.query(call.sql(), call.parameters()); // Shift's own ResultSet
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>With nothing installed, {@link dev.shift.agent.jdbc.PassThroughInterceptor} runs everything on MySQL (phase 1).
 * The wrappers are plain classes: unit tests create them with {@link dev.shift.agent.jdbc.JdbcWrapping#wrap} around
 * a stub connection, no agent needed.
 */
package dev.shift.agent.jdbc;
