/**
 * Phase 3 validation: shadow reads. While MySQL answers the application, a sampled share of the SELECTs on
 * migrated tables is also answered by DynamoDB, off the request path on a bounded executor, and the two
 * answers are compared ({@link dev.shift.agent.validation.ShadowReads}); mismatches are counted per table and
 * statement, the latest kept with both answers, and served as {@code dev.shift.core.metrics.ValidationReport}.
 */
package dev.shift.agent.validation;
