package dev.shift.core.migration;

import java.util.List;
import java.util.Map;

/**
 * What the engine has seen of the application's SQL on migrated tables since it started: statements it cannot answer
 * from DynamoDB (they would fail once MySQL is no longer read or written), and writes DynamoDB may lack.
 *
 * @param untranslatedReads  reads MySQL answers that DynamoDB could not
 * @param untranslatedWrites writes Shift cannot translate (copied from MySQL while MySQL is written)
 * @param unmirroredWrites   table → writes whose rows could not be followed (DynamoDB may lack them)
 */
public record StatementShapes(List<String> untranslatedReads, List<String> untranslatedWrites,
        Map<String, Long> unmirroredWrites) {

    public static final StatementShapes NONE = new StatementShapes(List.of(), List.of(), Map.of());

    public StatementShapes {
        untranslatedReads = List.copyOf(untranslatedReads);
        untranslatedWrites = List.copyOf(untranslatedWrites);
        unmirroredWrites = Map.copyOf(unmirroredWrites);
    }
}
