package dev.shift.agent.backfill;

import java.util.List;
import java.util.Map;

/**
 * One MySQL row of a top-level migrated table as canonical values, with the rows of its embedded children
 * (child table name → rows, in child key order).
 *
 * @param key primary key values in key-column order (integers as Long)
 */
public record Row(String table, List<Object> key, Map<String, Object> values,
                  Map<String, List<Map<String, Object>>> children) {
}
