package dev.shift.core.metrics;

/** The two stores Shift routes between. */
public enum Store {
    MYSQL, DYNAMODB
}
