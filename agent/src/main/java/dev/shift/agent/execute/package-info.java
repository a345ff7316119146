/**
 * The execute stage: the I/O a plan describes. {@link dev.shift.agent.execute.ReadExecution} reads the items a
 * {@link dev.shift.agent.sql.ReadPlan} bounds by key, turns them into rows, joins the rows of a table that stays in
 * MySQL, and hands everything to the merge stage ({@link dev.shift.agent.merge.RowMerger}).
 */
package dev.shift.agent.execute;
