/**
 * Parse and plan: {@link dev.shift.agent.sql.SqlPlanner#plan(String)} turns one SQL string into a cached
 * {@link dev.shift.agent.sql.StatementPlan} — {@code NotMigrated}, {@code Untranslatable(table, reason)},
 * {@link dev.shift.agent.sql.ReadPlan} or {@link dev.shift.agent.sql.WritePlan} — from the JSqlParser AST and
 * the {@link dev.shift.agent.mapping.Mapping}. Nothing here is shop-specific: statements are recognised by
 * shape, tables/columns/keys come from the mapping. Plans are data and do no I/O: a read plan names the items to
 * read and what the merge stage does with the rows; a write plan names what it must read first
 * ({@link dev.shift.agent.sql.WritePlan#reads}) and, given what was found, its writes
 * ({@link dev.shift.agent.sql.WritePlan#writes}). The execute stage does the reading and writing.
 * The complete list of what is answered, and how, is {@code docs/supported-sql.md}.
 *
 * <h2>The shape of a plan</h2>
 * A read binds keys by equality (full key → GetItem, an index template → GSI Query, the partition key → Query,
 * {@code IN} lists → one read per key, a {@code scannable} table → Scan); every other part of the statement
 * (predicates, expressions, joins with MySQL-resident or embedded rows, grouping, aggregates, order, limit) is
 * compiled by {@link dev.shift.agent.sql.ExprCompiler} into {@code merge} expressions evaluated over the rows read,
 * strings compared by each column's declared collation. A write is planned as its reads (what it must find first)
 * and a function from what was found to DynamoDB writes. Anything else is {@code Untranslatable} with a reason
 * naming the construct.
 */
package dev.shift.agent.sql;
