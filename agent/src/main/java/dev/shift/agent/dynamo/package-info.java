/**
 * Execution on DynamoDB and results for JDBC.
 * <ul>
 *   <li>{@link dev.shift.agent.dynamo.DynamoGateway}: the only class calling the SDK (one table; ensureTable;
 *       reads; PutItem/UpdateItem/DeleteItem; TransactWriteItems). GSI lookups also read, by key and strongly
 *       consistent, the items this JVM wrote recently with that index value (read-your-writes despite GSI lag).</li>
 *   <li>{@link dev.shift.agent.dynamo.DynamoTransaction}: one per JDBC connection; autocommit applies each
 *       statement at once, otherwise writes are buffered, folded per item and sent as ONE TransactWriteItems at
 *       COMMIT (max 100 items), discarded at ROLLBACK; reads in the transaction see its pending writes.</li>
 *   <li>Writes arrive as data ({@code dev.shift.agent.item}); {@link dev.shift.agent.dynamo.Expressions} renders
 *       them as DynamoDB expressions.</li>
 *   <li>{@link dev.shift.agent.dynamo.IdAllocator}: AUTO_INCREMENT ids from a counter item when MySQL is not
 *       written; {@link dev.shift.agent.dynamo.VersionClock}: the {@code shift_version} of every write.</li>
 *   <li>{@link dev.shift.agent.merge.RowSet} and {@link dev.shift.agent.dynamo.RowSetResultSet}: results with
 *       the labels, JDBC types and Java values Connector/J 9 gives for the same SQL on MySQL (checked against
 *       MariaDB in EngineIntegrationTest).</li>
 *   <li>{@link dev.shift.agent.dynamo.DynamoErrors}: SDK errors → SQLException naming statement, table, cause.</li>
 * </ul>
 */
package dev.shift.agent.dynamo;
