/**
 * The merge stage: everything a statement asks of the rows once the key-bounded reads have fetched them,
 * evaluated in memory with MySQL's semantics — WHERE predicates (three-valued logic), joins' residual
 * conditions, GROUP BY, aggregates, HAVING, DISTINCT, ORDER BY, LIMIT/OFFSET and the select list's expressions.
 *
 * <p>Pure: no I/O, no SQL parser types. The planner ({@code sql}) compiles a statement into an {@link
 * dev.shift.agent.merge.MergeSpec}; the executor hands {@link dev.shift.agent.merge.RowMerger} the rows it read.
 * Because every DynamoDB read is bounded by a key, the rows merged here are few (one partition, a list of keys).
 */
package dev.shift.agent.merge;
