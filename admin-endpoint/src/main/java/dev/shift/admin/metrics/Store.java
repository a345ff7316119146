package dev.shift.admin.metrics;

/** The two stores Shift routes between. */
public enum Store {
    MYSQL, DYNAMODB
}
