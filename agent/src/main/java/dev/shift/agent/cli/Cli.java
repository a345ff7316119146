package dev.shift.agent.cli;

import dev.shift.agent.backfill.Backfill;
import dev.shift.agent.backfill.Differ;
import dev.shift.agent.backfill.Repair;
import dev.shift.agent.backfill.Stores;
import dev.shift.agent.backfill.Verify;
import dev.shift.agent.backfill.Views;
import dev.shift.agent.dynamo.DynamoClients;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.dynamo.Expressions;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.outbox.Outbox;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator commands of the agent jar: {@code java -jar shift-agent.jar backfill|verify|repair|views …}.
 *
 * <p>Exit status: 0 done (verify: the stores agree); 1 verify found differences, or backfill/repair could not
 * finish every row (rerun resumes); 2 bad command line (the message names the option); 3 the run failed
 * (cannot connect, bad mapping, …).
 */
@Command(name = "shift-agent.jar", mixinStandardHelpOptions = true, version = "Shift operator CLI",
        description = "Moves and checks the history of the migrated tables (MySQL -> DynamoDB).",
        subcommands = {Cli.BackfillCommand.class, Cli.VerifyCommand.class, Cli.RepairCommand.class, Cli.ViewsCommand.class,
                StatusCommand.class})
public final class Cli implements Callable<Integer> {
    public static final int OK = 0;
    public static final int DIFFERENT = 1;
    public static final int USAGE = 2;
    public static final int ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** For running the CLI without the jar's Main (which delegates to {@link #run(String[])}). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Context ctx = new Context(out, err);
        CommandLine cl = new CommandLine(new Cli(), new Factory(ctx));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            boolean unknownCommand = ex instanceof CommandLine.UnmatchedArgumentException u
                    && c.getCommandSpec().parent() == null && !u.getUnmatched().isEmpty();
            c.getErr().println("shift: " + (unknownCommand
                    ? "unknown command '" + ((CommandLine.UnmatchedArgumentException) ex).getUnmatched().get(0) + "'"
                    : ex.getMessage()));
            c.usage(c.getErr());
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("shift " + c.getCommandName() + ": " + ex.getMessage());
                return USAGE;
            }
            c.getErr().println("shift " + c.getCommandName() + ": failed: " + describe(ex));
            return ERROR;
        });
        return cl.execute(args);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(" (").append(c.getMessage()).append(')');
            }
        }
        return sb.toString();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Where commands print; given to each command by the factory. */
    record Context(PrintStream out, PrintStream err) {
    }

    private record Factory(Context ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K k = CommandLine.defaultFactory().create(cls);
            if (k instanceof Base b) {
                b.ctx = ctx;
            }
            return k;
        }
    }

    // ------------------------------------------------------------------ shared options

    /** Connection options of both stores and what to move. */
    public static final class Connection {
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
                description = "MySQL JDBC URL, e.g. jdbc:mysql://db:3306/shop")
        String jdbcUrl;

        @Option(names = "--db-user", paramLabel = "USER", description = "MySQL user")
        String dbUser;

        @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:SHIFT_DB_PASSWORD}",
                description = "MySQL password (default: environment variable SHIFT_DB_PASSWORD)")
        String dbPassword;

        @Option(names = "--dynamodb-endpoint", paramLabel = "URI",
                description = "DynamoDB endpoint override (a local server); default: AWS")
        URI dynamodbEndpoint;

        @Option(names = "--dynamodb-region", paramLabel = "REGION",
                description = "AWS region (default: the SDK's chain; us-east-1 with --dynamodb-endpoint)")
        String dynamodbRegion;

        @Option(names = "--table", paramLabel = "NAME", description = "DynamoDB table (default: the mapping's, Users)")
        String table;

        @Option(names = "--mapping", paramLabel = "FILE", description = "mapping file (default: built-in shop mapping)")
        Path mapping;

        @Option(names = "--sql-table", paramLabel = "TABLE", split = ",",
                description = "only these migrated SQL tables (default: all top-level tables of the mapping)")
        List<String> sqlTables;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "segments in parallel (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--chunk", paramLabel = "ROWS", defaultValue = "500", description = "rows per chunk (default: ${DEFAULT-VALUE})")
        int chunk;

        void check(CommandLine cl) {
            if (threads < 1 || threads > 64) {
                throw new CommandLine.ParameterException(cl, "--threads must be between 1 and 64, got " + threads);
            }
            if (chunk < 1 || chunk > 10_000) {
                throw new CommandLine.ParameterException(cl, "--chunk must be between 1 and 10000, got " + chunk);
            }
            if (!jdbcUrl.startsWith("jdbc:mysql:")) {
                throw new CommandLine.ParameterException(cl, "--jdbc-url must be a jdbc:mysql:// URL, got " + jdbcUrl);
            }
            if (dynamodbEndpoint != null && (dynamodbEndpoint.getScheme() == null || dynamodbEndpoint.getHost() == null)) {
                throw new CommandLine.ParameterException(cl, "--dynamodb-endpoint must be an absolute URI like http://localhost:8000, got " + dynamodbEndpoint);
            }
        }

        Mapping loadMapping() {
            Mapping m = mapping == null ? Mapping.defaultMapping() : Mapping.load(mapping);
            return table == null ? m : m.withTableName(table);
        }

        Set<String> onlyTables() {
            if (sqlTables == null || sqlTables.isEmpty()) {
                return null;
            }
            Set<String> s = new LinkedHashSet<>();
            sqlTables.forEach(t -> s.add(t.trim().toLowerCase(Locale.ROOT)));
            return s;
        }

        Stores stores() {
            return stores(Outbox.DEFAULT_TABLE);
        }

        Stores stores(String outboxTable) {
            Mapping m = loadMapping();
            String region = dynamodbRegion != null ? dynamodbRegion : dynamodbEndpoint != null ? "us-east-1" : null;
            DynamoDbClient client = DynamoGateway.client(dynamodbEndpoint, region, null, null,
                    DynamoClients.COMMAND_LINE);
            String name = jdbcUrl.replaceAll("//[^/@]*@", "//");   // no credentials in checkpoints
            return new Stores(Stores.connectorJ(jdbcUrl, dbUser, dbPassword), name, new DynamoGateway(client, m),
                    outboxTable);
        }
    }

    abstract static class Base implements Callable<Integer> {
        Context ctx;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    // ------------------------------------------------------------------ backfill

    @Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Copies every MySQL row of the migrated tables into DynamoDB, resumably.",
            description = {"Copies every mapped MySQL row into DynamoDB: keyset chunks, segments in parallel, resumable.",
                    "Live writes are never overwritten: a chunk's rows stay share-locked in MySQL until their items are",
                    "written, and a row whose live change is still on its way to DynamoDB (in the outbox) is copied",
                    "once it landed. Run it with dual-write on (phase 2+). Also moves the phase-5 id counters above",
                    "MySQL's ids."})
    static final class BackfillCommand extends Base {
        @Mixin
        Connection conn = new Connection();

        @Mixin
        AdminLink admin = new AdminLink();

        @Option(names = "--rate", paramLabel = "ITEMS_PER_S", defaultValue = "0",
                description = "at most this many items per second, all threads together (default: unlimited)")
        double rate;

        @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "shift-backfill",
                description = "where progress is kept; rerunning with the same directory resumes (default: ${DEFAULT-VALUE})")
        Path checkpointDir;

        @Option(names = "--restart", description = "forget the checkpoints in --checkpoint-dir and start over")
        boolean restart;

        @Option(names = "--no-live-writes",
                description = {"nothing else writes the migrated tables while this runs (phase 1 / application stopped):",
                        "read the rows without locking them and without looking at the outbox (verify still runs)"})
        boolean noLiveWrites;

        @Option(names = "--outbox-table", paramLabel = "NAME", defaultValue = "shift_outbox",
                description = "the application's outbox table, its agent's outbox.table (default: ${DEFAULT-VALUE})")
        String outboxTable;

        @Option(names = "--no-progress", description = "no progress bar (the summary is still printed)")
        boolean noProgress;

        @Option(names = "--crash-after-chunks", hidden = true, defaultValue = "0")
        int crashAfterChunks;

        @Override
        public Integer call() throws Exception {
            conn.check(spec.commandLine());
            if (rate < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
            }
            if (!Outbox.plainName(outboxTable)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--outbox-table must be a plain table name (letters, digits, underscore), got " + outboxTable);
            }
            admin.check();
            if (admin.linked() && !admin.mysqlWritten()) {
                ctx.err().println("shift backfill: refused: the application's phase no longer writes MySQL (" + admin.adminUrl
                        + "), so MySQL's rows are older than DynamoDB's; a backfill would overwrite newer DynamoDB-only "
                        + "writes and bring back deleted rows");
                return ERROR;
            }
            Instant started = Instant.now();
            Stores stores = conn.stores(outboxTable);
            Backfill.Options o = new Backfill.Options(conn.onlyTables(), conn.threads, conn.chunk, rate,
                    checkpointDir, noLiveWrites, restart, crashAfterChunks);
            Backfill.Progress progress = noProgress ? Backfill.Progress.NONE : new TerminalProgress(ctx.err(), "backfill");
            Backfill.Result r = new Backfill(stores, o, progress).run();
            double secs = Math.max(0.001, r.millis() / 1000.0);
            ctx.out().printf(Locale.ROOT, "backfill %s in %.2f s (%.0f rows/s): %s%n", r.complete() ? "complete" : "INCOMPLETE",
                    secs, r.stats().rowsRead.sum() / secs, r.stats().summary());
            r.idCounters().forEach((k, v) -> ctx.out().println("id counter " + k + " = " + v + " (phase-5 ids start above it)"));
            for (String e : r.errors()) {
                ctx.err().println("shift backfill: " + e);
            }
            Evidence.report(ctx, admin, "backfill", started, r.complete() && conn.onlyTables() == null, 0);
            if (!r.complete()) {
                ctx.err().println("shift backfill: not every row was copied; run the same command again to resume ("
                        + checkpointDir + ")");
                return DIFFERENT;
            }
            return OK;
        }
    }

    // ------------------------------------------------------------------ verify

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Proves MySQL and DynamoDB agree; lists every difference.",
            description = {"Compares every mapped row with its item, both directions (missing, extra, mismatched",
                    "attributes); differences are re-read once before being reported. Exit 1 on any difference."})
    static final class VerifyCommand extends Base {
        @Mixin
        Connection conn = new Connection();

        @Mixin
        AdminLink admin = new AdminLink();

        @Option(names = "--out", paramLabel = "FILE", defaultValue = "shift-verify-diff.jsonl",
                description = "the full list of differences, one JSON object per line (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--examples", paramLabel = "N", defaultValue = "5", description = "differences shown (default: ${DEFAULT-VALUE})")
        int examples;

        @Option(names = "--no-progress", description = "no progress bar")
        boolean noProgress;

        @Option(names = "--checkpoint-dir", paramLabel = "DIR",
                description = {"keep the comparison's progress here: a verify killed part-way resumes when run again with the",
                        "same directory (the scan for extra items runs again); a finished verify empties it (default: none)"})
        Path checkpointDir;

        @Override
        public Integer call() throws Exception {
            conn.check(spec.commandLine());
            admin.check();
            Instant started = Instant.now();
            Stores stores = conn.stores();
            if (examples < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--examples must be >= 0, got " + examples);
            }
            Verify.Result r = new Verify(stores, new Verify.Options(conn.onlyTables(), conn.threads, conn.chunk))
                    .checkpoints(checkpointDir)
                    .progress(noProgress ? Backfill.Progress.NONE : new TerminalProgress(ctx.err(), "verify")).run();
            Verify.writeDiffs(out, r.diffs(), stores.mapping());
            Verify.writeSummary(out, r);
            var counts = r.counts();
            ctx.out().printf(Locale.ROOT, "verify: %d rows and %d items compared in %.2f s: %d differences "
                            + "(missing in DynamoDB %d, extra in DynamoDB %d, mismatched %d); capacity units read %.1f%n",
                    r.rowsCompared(), r.itemsScanned(), r.millis() / 1000.0, r.diffs().size(),
                    counts.get(Differ.Kind.MISSING), counts.get(Differ.Kind.EXTRA), counts.get(Differ.Kind.MISMATCH),
                    r.readUnits());
            for (Verify.Diff d : r.diffs().subList(0, Math.min(examples, r.diffs().size()))) {
                ctx.out().println("  " + d.kind().name().toLowerCase(Locale.ROOT) + " " + d.table() + " "
                        + (d.pk() == null ? "?" : d.keyColumns() + "=" + d.pk()) + " item " + d.itemKey()
                        + (d.attributes().isEmpty() ? "" : " attributes " + d.attributes())
                        + (d.item() == null ? "" : "\n      dynamodb: " + Expressions.showItem(d.item()))
                        + (d.row() == null ? "" : "\n      mysql:    " + d.row().values()
                        + (d.row().children().isEmpty() ? "" : " " + d.row().children())));
            }
            Evidence.report(ctx, admin, "verify", started, conn.onlyTables() == null, r.diffs().size());
            if (!r.diffs().isEmpty()) {
                ctx.out().println("all " + r.diffs().size() + " differences: " + out.toAbsolutePath()
                        + " (repair them: repair --from " + out + ")");
                return DIFFERENT;
            }
            return OK;
        }
    }

    // ------------------------------------------------------------------ repair

    @Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Re-copies the keys verify listed (or all) from the store that holds the truth.",
            description = {"From MySQL (phases 1-4): re-copies the listed keys into DynamoDB (deleting items whose row",
                    "does not exist), never clobbering a newer live write (compare-and-set on shift_version).",
                    "From DynamoDB (phase 5, MySQL not written): copies the items' state into their MySQL rows and never",
                    "changes an item. With --admin-url the application's phase decides; without it, --source does."})
    static final class RepairCommand extends Base {
        @Mixin
        Connection conn = new Connection();

        @Mixin
        AdminLink admin = new AdminLink();

        @Option(names = "--source", paramLabel = "STORE", description = {"mysql or dynamodb: the store whose state is "
                + "copied (default: from the phase with --admin-url, else mysql)"})
        String source;

        static final class What {
            @Option(names = "--from", paramLabel = "DIFF_FILE", required = true, description = "a diff file written by verify --out")
            Path from;

            @Option(names = "--all", required = true, description = "find the differences first (a verify), then repair them all")
            boolean all;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        @Override
        public Integer call() throws Exception {
            conn.check(spec.commandLine());
            admin.check();
            Repair.Source from = source(admin.linked() ? !admin.mysqlWritten() : null);
            Stores stores = conn.stores();
            Repair repair = new Repair(stores, from);
            List<Repair.Target> targets;
            if (what.from != null) {
                if (!java.nio.file.Files.isReadable(what.from)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--from: cannot read " + what.from);
                }
                targets = repair.readDiffFile(what.from);
            } else {
                Verify.Result v = new Verify(stores, new Verify.Options(conn.onlyTables(), conn.threads, conn.chunk)).run();
                targets = Repair.targets(v.diffs());
            }
            Repair.Result r = repair.run(targets);
            ctx.out().printf(Locale.ROOT, "repair from %s: %d keys: %d re-copied, %d deleted, %d already equal, %d failed, "
                    + "%d retried%n", from == Repair.Source.MYSQL ? "MySQL" : "DynamoDB",
                    r.keys(), r.stats().recopied.sum(), r.stats().deleted.sum(), r.unchanged(), r.stats().failed.sum(),
                    r.stats().retried.sum());
            r.errors().forEach(e -> ctx.err().println("shift repair: " + e));
            return r.errors().isEmpty() ? OK : DIFFERENT;
        }

        /** The source: as given, else the phase's truth; a --source the phase contradicts is refused. */
        private Repair.Source source(Boolean dynamoDbIsTruth) {
            Repair.Source given = null;
            if (source != null) {
                switch (source.toLowerCase(Locale.ROOT)) {
                    case "mysql" -> given = Repair.Source.MYSQL;
                    case "dynamodb" -> given = Repair.Source.DYNAMODB;
                    default -> throw new CommandLine.ParameterException(spec.commandLine(),
                            "--source must be mysql or dynamodb, got '" + source + "'");
                }
            }
            if (dynamoDbIsTruth == null) {
                return given == null ? Repair.Source.MYSQL : given;
            }
            Repair.Source phase = dynamoDbIsTruth ? Repair.Source.DYNAMODB : Repair.Source.MYSQL;
            if (given != null && given != phase) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--source " + source + " contradicts the "
                        + "application's phase (" + admin.adminUrl + "): " + (dynamoDbIsTruth ? "MySQL is not written, "
                        + "DynamoDB holds the truth" : "MySQL is written and holds the truth"));
            }
            return phase;
        }
    }

    // ------------------------------------------------------------------ views

    @Command(name = "views", mixinStandardHelpOptions = true,
            header = "Prints MySQL views that show rows in DynamoDB item shape.",
            description = "Prints CREATE VIEW statements (MySQL) that show the migrated rows in DynamoDB item shape.")
    static final class ViewsCommand extends Base {
        @Option(names = "--mapping", paramLabel = "FILE", description = "mapping file (default: built-in shop mapping)")
        Path mapping;

        @Override
        public Integer call() {
            Mapping m = mapping == null ? Mapping.defaultMapping() : Mapping.load(mapping);
            ctx.out().print(Views.sql(m));
            return OK;
        }
    }

    /** Reports a run to the admin port, or says that it is not recorded; never changes the run's exit code. */
    static final class Evidence {
        private Evidence() {
        }

        static void report(Context ctx, AdminLink admin, String kind, Instant started, boolean wholeMapping,
                long differences) {
            if (!admin.linked()) {
                ctx.err().println("shift " + kind + ": not recorded as evidence for phase moves (give --admin-url to "
                        + "record it)");
                return;
            }
            try {
                admin.report(kind, started, Instant.now(), wholeMapping, differences);
                ctx.out().println(kind + " recorded at " + admin.adminUrl + " as evidence for phase moves"
                        + (wholeMapping ? "" : " (only some tables: it does not count as complete)"));
            } catch (IOException | InterruptedException e) {
                ctx.err().println("shift " + kind + ": the run could not be recorded as evidence at " + admin.adminUrl
                        + " (" + e.getMessage() + "); the phase gates will not count it");
            }
        }
    }
}
