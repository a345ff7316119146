package dev.shift.agent.install;

import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.route.RefuseMigrated;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a failed start leaves behind. MySQL-only pass-through is right only while MySQL is complete: when
 * the stored phase reads or writes only DynamoDB (4, 5), answering from MySQL would serve stale rows and write rows
 * DynamoDB never sees, so statements on migrated tables are refused instead ({@link RefuseMigrated}).
 */
final class FailClosed {

    private FailClosed() {
    }

    /**
     * Why statements on migrated tables must be refused, from the options as given (wrong ones included); empty when
     * pass-through is safe. The DynamoDB flag store cannot be read while Shift is not running: then the file store's
     * phase (if any) decides.
     */
    static Optional<String> reason(Map<String, String> options) {
        Path dir = Path.of(options.getOrDefault("state.dir", "shift-state"));
        if (!Files.exists(dir.resolve(FileFlagStore.STATE_FILE))) {
            return fromPhaseOption(options.get("phase"));
        }
        try {
            Optional<MigrationState> stored = new FileFlagStore(dir, "start-up").load();
            if (stored.isEmpty()) {
                return fromPhaseOption(options.get("phase"));
            }
            Flags f = stored.get().flags();
            if (f.readMysql() && f.writeMysql()) {
                return Optional.empty();
            }
            return Optional.of("the phase stored in " + dir.toAbsolutePath().resolve(FileFlagStore.STATE_FILE) + " is "
                    + f.phaseNumber() + (f.writeMysql() ? ", where DynamoDB answers the reads: MySQL alone would leave it "
                    + "without these writes" : ", where MySQL is no longer written and misses DynamoDB's newer data"));
        } catch (RuntimeException unreadable) {
            return Optional.of("the stored phase cannot be read: " + unreadable.getMessage());   // never guess a phase
        }
    }

    /**
     * Nothing stored (the application has run in the phase it was started in, no move made yet): the {@code phase}
     * option is the phase the application was in; one that cannot be read is not taken for phase 1.
     */
    private static Optional<String> fromPhaseOption(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<Phase> phase;
        try {
            phase = Phase.number(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            phase = Optional.empty();
        }
        if (phase.isEmpty()) {
            return Optional.of("the option phase=" + value + " cannot be read, and no phase is stored: never guess a phase");
        }
        Flags f = phase.get().flags();
        if (f.readMysql() && f.writeMysql()) {
            return Optional.empty();
        }
        return Optional.of("the application runs in phase " + f.phaseNumber() + " (the option phase=" + value.trim()
                + "; no move stored yet), " + (f.writeMysql() ? "where DynamoDB answers the reads: MySQL alone would "
                + "leave it without these writes" : "where MySQL is no longer written and misses DynamoDB's newer data"));
    }

    /** The interceptor refusing statements on the mapping's tables (every statement if the mapping is unreadable). */
    static RefuseMigrated interceptor(Map<String, String> options, String why) {
        SqlPlanner planner;
        try {
            String file = options.get("mapping");
            planner = new SqlPlanner(file == null ? Mapping.defaultMapping() : Mapping.load(Path.of(file)));
        } catch (RuntimeException unreadable) {
            planner = null;
        }
        return new RefuseMigrated(planner, why);
    }
}
