/**
 * MySQL's string collations as plain Java: which strings are equal and how they sort, for the merge stage's
 * comparisons, grouping and ordering of a column's values. No I/O; the mapping names a column's collation.
 */
package dev.shift.agent.collation;
