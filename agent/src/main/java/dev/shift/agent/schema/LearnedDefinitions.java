package dev.shift.agent.schema;

import dev.shift.agent.jdbc.MysqlConnector;
import dev.shift.agent.mapping.ColumnDefinition;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.sql.SqlPlanner;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Keeps the planner's mapping in line with the tables' DDL, so what MySQL refuses, rounds and compares
 * case-insensitively is refused, rounded and compared the same way once DynamoDB answers: at start-up from the
 * definitions kept in the state directory (before the application's {@code main}), then from MySQL's
 * {@code information_schema} as soon as Shift can reach the application's database; what it read is kept for the
 * next start. The mapping file stays what the operator wrote: definitions are applied to it, never written into it.
 */
public final class LearnedDefinitions {

    private static final System.Logger LOG = System.getLogger("dev.shift.agent");

    private final SqlPlanner planner;
    private final Mapping declared;
    private final Path file;

    public LearnedDefinitions(SqlPlanner planner, Path stateDir) {
        this.planner = planner;
        this.declared = planner.mapping();
        this.file = stateDir.resolve(ColumnDefinitions.FILE);
    }

    /** Applies the definitions an earlier run kept, if there are any. Never throws: without them, the mapping's own. */
    public void applyKept() {
        try {
            ColumnDefinitions.load(file).ifPresent(ddl -> {
                List<String> notes = apply(ddl);
                LOG.log(System.Logger.Level.INFO, "Shift applies the column definitions kept in " + file
                        + (notes.isEmpty() ? "" : " (" + notes.size() + " difference(s) from the mapping)"));
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Shift cannot use the column definitions kept in " + file + " ("
                    + e.getMessage() + "); the mapping's own apply until MySQL's are read");
        }
    }

    /**
     * Reads the definitions from MySQL on a daemon thread once {@code mysql} can connect (waiting 1 s, doubling up to
     * 30 s, while it cannot), applies and keeps them, then ends.
     */
    public Thread learnInBackground(MysqlConnector mysql) {
        Thread t = new Thread(() -> {
            long pauseMillis = 1_000;
            for (int attempt = 1; ; attempt++) {
                if (mysql.ready()) {
                    try (Connection c = mysql.open()) {
                        learn(c, mysql.describe());
                        return;
                    } catch (SQLException | IOException | RuntimeException e) {
                        if (attempt == 1 || pauseMillis == 30_000) {
                            LOG.log(System.Logger.Level.WARNING, "Shift cannot read the migrated tables' column "
                                    + "definitions from " + mysql.describe() + " yet (" + e.getMessage() + "); retrying");
                        }
                    }
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, 30_000);
            }
        }, "shift-column-definitions");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads the definitions through {@code c}, applies and keeps them; returns where they differ from the mapping. */
    public List<String> learn(Connection c, String source) throws SQLException, IOException {
        Map<String, Map<String, ColumnDefinition>> ddl = ColumnDefinitions.read(c, declared);
        List<String> notes = apply(ddl);
        ColumnDefinitions.save(file, ddl, source);
        LOG.log(System.Logger.Level.INFO, "Shift read the column definitions of " + ddl.size() + " migrated table(s) from "
                + source + " and follows them (kept in " + file + ")");
        for (String note : notes) {
            LOG.log(System.Logger.Level.WARNING, "Shift follows the table's DDL where the mapping differs: " + note);
        }
        return notes;
    }

    private List<String> apply(Map<String, Map<String, ColumnDefinition>> ddl) {
        Mapping.Defined defined = declared.definedBy(ddl);
        planner.useMapping(defined.mapping());
        return defined.notes();
    }
}
