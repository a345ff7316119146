package dev.shift.testkit;

/** Run in a child JVM by {@link NoOrphansTest}: starts both servers, says their pids, then waits to be killed. */
public final class OrphanProbe {
    private OrphanProbe() {}

    public static void main(String[] args) throws InterruptedException {
        MariaDbServer mariaDb = MariaDbServer.start();
        DynamoDbServer dynamoDb = DynamoDbServer.start();
        System.out.println("PIDS " + mariaDb.processHandle().pid() + " " + dynamoDb.processHandle().pid()
                + " " + mariaDb.workDir());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
