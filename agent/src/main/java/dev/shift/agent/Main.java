package dev.shift.agent;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar shift-agent.jar <command>}: the operator CLI. The commands are named here so operators and
 * scripts see the surface; they land with their issues.
 */
public final class Main {

    static final List<String> COMMANDS = List.of("backfill", "verify", "repair", "views", "status");

    static final int OK = 0;
    static final int NOT_AVAILABLE = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return USAGE;
        }
        String command = args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            usage(out);
            return OK;
        }
        if (!COMMANDS.contains(command)) {
            err.println("shift: unknown command '" + command + "'");
            usage(err);
            return USAGE;
        }
        err.println("shift: '" + command + "' is not available in this build yet");
        return NOT_AVAILABLE;
    }

    private static void usage(PrintStream stream) {
        stream.println("Usage: java -jar shift-agent.jar <command> [options]");
        stream.println();
        stream.println("Commands:");
        stream.println("  backfill   copy existing MySQL rows of the migrated tables into DynamoDB");
        stream.println("  verify     compare MySQL and DynamoDB and report differences");
        stream.println("  repair     replay recorded DynamoDB writes that did not land, fix differences");
        stream.println("  views      print the DynamoDB items of a MySQL row as Shift maps them");
        stream.println("  status     show the phase, flags and pending repairs of a running Shift");
        stream.println();
        stream.println("As an agent: java -javaagent:shift-agent.jar[=phase=1,dynamodb.endpoint=…] -jar app.jar");
    }
}
