package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;

/** An equality a write's WHERE binds on a migrated column: {@code row[slot] = value} ({@code slot} -1 when unused). */
record KeyFilter(int slot, ColumnMapping column, ValueSource value) {
}
