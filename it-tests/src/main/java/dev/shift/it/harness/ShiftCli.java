package dev.shift.it.harness;

import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.TestServers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@code java -jar shift-agent.jar <command>} as an operator runs it, against one system's stores. */
public final class ShiftCli {

    /** What a command printed and how it ended. */
    public record Run(int exitCode, String output) {
        public Run expect(int code) {
            if (exitCode != code) {
                throw new AssertionError("expected exit " + code + " but got " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private final Path workDir;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DynamoDbServer dynamo;
    private final String table;
    private final Supplier<String> adminUrl;

    /** @param adminUrl the application's admin port, where backfill and verify record their runs (null: none) */
    ShiftCli(Path workDir, String jdbcUrl, String user, String password, DynamoDbServer dynamo, String table,
            Supplier<String> adminUrl) {
        this.workDir = workDir;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dynamo = dynamo;
        this.table = table;
        this.adminUrl = adminUrl;
    }

    public Run backfill(String... extra) throws IOException, InterruptedException {
        return run("backfill", true, extra);
    }

    public Run verify(String... extra) throws IOException, InterruptedException {
        return run("verify", true, extra);
    }

    public Run repair(String... extra) throws IOException, InterruptedException {
        return run("repair", false, extra);
    }

    private Run run(String command, boolean quiet, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of(ShopLaunch.JDK17.resolve("bin/java").toString(), "-jar",
                Artifacts.agentJar().toString(), command,
                "--jdbc-url", jdbcUrl, "--db-user", user, "--db-password", password,
                "--dynamodb-endpoint", dynamo.endpoint().toString(), "--dynamodb-region", dynamo.region(),
                "--table", table));
        if (quiet) {
            cmd.add("--no-progress");
        }
        if (adminUrl != null && (command.equals("backfill") || command.equals("verify"))) {
            cmd.addAll(List.of("--admin-url", adminUrl.get()));   // the run counts as evidence for phase moves
        }
        cmd.addAll(List.of(extra));
        Path log = workDir.resolve(command + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", dynamo.accessKeyId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", dynamo.secretAccessKey());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("shift " + command + " did not finish within 5 minutes\n--- last lines of " + log
                    + " ---\n" + ShopProcess.tail(log, 30) + "\n--- test servers ---\n" + TestServers.diagnosis());
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
