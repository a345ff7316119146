/**
 * Parse and plan: {@link dev.shift.agent.sql.SqlPlanner#plan(String)} turns one SQL string into a cached
 * {@link dev.shift.agent.sql.StatementPlan} — {@code NotMigrated}, {@code Untranslatable(table, reason)},
 * {@link dev.shift.agent.sql.ReadPlan} or {@link dev.shift.agent.sql.WritePlan} — from the JSqlParser AST and
 * the {@link dev.shift.agent.mapping.Mapping}. Nothing here is shop-specific: statements are recognised by
 * shape, tables/columns/keys come from the mapping. Plans are data and do no I/O: a read plan names the items to
 * read and what the merge stage does with the rows; a write plan names what it must read first
 * ({@link dev.shift.agent.sql.WritePlan#reads}) and, given what was found, its writes
 * ({@link dev.shift.agent.sql.WritePlan#writes}). The execute stage does the reading and writing.
 * The complete list of what is answered, and how, is {@code docs/supported-sql.md}; below, the core shapes.
 *
 * <h2>Supported on a migrated table</h2>
 * <ul>
 *   <li>SELECT of columns (aliases, {@code *}, {@code t.*}), or of aggregates COUNT(*), COUNT(col), SUM, MIN, MAX
 *       (no GROUP BY: one row; SUM of no rows is NULL, COUNT 0); WHERE = AND of {@code col = ?/literal};
 *       ORDER BY columns/aliases/positions (pushed to the Query when it follows the sort key, else sorted in
 *       memory — one partition); LIMIT n / LIMIT off, n / OFFSET.</li>
 *   <li>Access path from the equalities: full key → GetItem; an index template's columns → GSI Query; partition
 *       key → Query with begins_with on the sort-key prefix. All equalities are also checked in memory.</li>
 *   <li>INNER or LEFT JOIN with one non-migrated table on one column equality: the other side is read from MySQL
 *       through {@link dev.shift.agent.dynamo.MysqlRows} with {@code WHERE key IN (…)} and joined in memory.</li>
 *   <li>INSERT (column list, one row), with ON DUPLICATE KEY UPDATE {@code col = col ± ?}, {@code col = ?},
 *       {@code col = VALUES(col)}; INSERT into an embedded child table (appended to the parent's list).</li>
 *   <li>UPDATE of non-key columns ({@code = ?}, {@code = col ± ?}) and DELETE, by full key, index or partition;
 *       extra equalities become the ConditionExpression (a failed condition is "0 rows").</li>
 * </ul>
 * Anything else — OR, IN, ranges, LIKE, IS NULL, functions (NOW()), subqueries, GROUP BY/HAVING/DISTINCT,
 * UNION, FOR UPDATE, multi-table UPDATE/DELETE, key-column updates, a WHERE without the key, unmapped columns,
 * unparseable SQL naming a migrated table — is {@code Untranslatable} with a reason naming the construct.
 *
 * <h2>Known differences from MySQL</h2>
 * String equality is exact (MySQL's default collation is case-insensitive); a plain INSERT overwrites an item
 * with the same key (MySQL owns duplicate detection while it is written); an upsert reports 1 row (MySQL: 2
 * when it updated); {@code col = col + ?} on an absent (NULL) attribute counts from 0.
 */
package dev.shift.agent.sql;
