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

    public static synchronized DynamoDbServer dynamoDb() {
        if (dynamoDb == null || dynamoDb.isClosed()) {
            dynamoDb = DynamoDbServer.start();
        } else if (!dynamoDb.isExternal() && !dynamoDb.isRunning()) {
            dynamoDb.restart(); // someone stopped the shared one: bring it back (in-memory data is gone)
        }
        return dynamoDb;
    }
}
