/**
 * The way back from phase 5: the writes made while MySQL was not written, copied into MySQL
 * ({@link dev.shift.agent.reverse.ReverseSync}), so an operator can turn MySQL on again without losing any.
 */
package dev.shift.agent.reverse;
