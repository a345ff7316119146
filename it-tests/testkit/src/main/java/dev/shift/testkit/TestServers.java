package dev.shift.testkit;

/**
 * One MariaDB and one DynamoDB-compatible server per JVM, started on first use and stopped when the JVM exits, so
 * test classes do not each pay start-up. Share them by using your own database name / table names.
 *
 * <p>Do not {@code close()}, {@code stop()} or {@code restart()} the shared instances: a test that needs to stop a
 * server (fault tests) starts its own with {@link MariaDbServer#start()} / {@link DynamoDbServer#start()}. If a
 * shared instance was closed or stopped anyway, the next call starts a new one or restarts it.
 */
public final class TestServers {
    /** How long the shared DynamoDB server may take to answer ListTables before it is called sick. */
    static final java.time.Duration HEALTHY_WITHIN = java.time.Duration.ofSeconds(10);

    private static MariaDbServer mariaDb;
    private static DynamoDbServer dynamoDb;

    private TestServers() {}

    public static synchronized MariaDbServer mariaDb() {
        if (mariaDb == null || mariaDb.isClosed()) {
            mariaDb = MariaDbServer.start();
        } else if (!mariaDb.isExternal() && !mariaDb.isRunning()) {
            mariaDb.restart(); // someone stopped the shared one: bring it back (its data is still there)
        }
        return mariaDb;
    }

    /**
     * The shared DynamoDB server, checked first: every test class asks for it when it starts, so a server left sick
     * by an earlier class (not answering ListTables for {@link #HEALTHY_WITHIN}) is named on stderr and replaced
     * by a fresh one on the same port, and never takes the next class down with it.
     */
    public static synchronized DynamoDbServer dynamoDb() {
        if (dynamoDb == null || dynamoDb.isClosed()) {
            dynamoDb = DynamoDbServer.start();
        } else if (!dynamoDb.isExternal() && !dynamoDb.isRunning()) {
            dynamoDb.restart(); // someone stopped the shared one: bring it back (in-memory data is gone)
        } else if (!dynamoDb.isExternal()) {
            String problem = dynamoDb.problem(HEALTHY_WITHIN);
            if (problem != null) {
                System.err.println("[shift-testkit] " + problem + "\n[shift-testkit] restarting it for the next tests");
                dynamoDb.restart();
            }
        }
        return dynamoDb;
    }

    /**
     * Every server this JVM started and has not closed (shared or a test's own), with its state and its log's last
     * lines: what a test that timed out waiting for something appends to its message.
     */
    public static String diagnosis() {
        StringBuilder out = new StringBuilder();
        for (AutoCloseable open : Processes.open()) {
            if (open instanceof DynamoDbServer d) {
                out.append(d.diagnosis()).append('\n');
            } else if (open instanceof MariaDbServer m) {
                out.append(m.diagnosis()).append('\n');
            }
        }
        return out.length() == 0 ? "(no test servers running in this JVM)" : out.toString().stripTrailing();
    }
}
