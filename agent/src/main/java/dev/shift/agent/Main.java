package dev.shift.agent;

import dev.shift.agent.cli.Cli;

/**
 * {@code java -jar shift-agent.jar <command>}: the operator CLI ({@code backfill}, {@code verify},
 * {@code repair}, {@code views}). The same jar is the {@code -javaagent} ({@link ShiftAgent}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
