package dev.shift.admin.flags;

/**
 * The four switches that decide where cart and order SQL goes. Immutable: the agent reads one
 * snapshot per statement, so a statement never sees half of a change.
 */
public record Flags(boolean readMysql, boolean readDdb, boolean writeMysql, boolean writeDdb) {

    /** The phase these flags form, or {@link java.util.Optional#empty()} for a custom combination. */
    public java.util.Optional<Phase> phase() {
        return Phase.of(this);
    }

    /** Phase number as shown to operators: 1..5, or 0 for a custom combination. */
    public int phaseNumber() {
        return phase().map(Phase::number).orElse(0);
    }

    /** True when MySQL and DynamoDB are both written. */
    public boolean dualWrite() {
        return writeMysql && writeDdb;
    }

    /** True when DynamoDB's answer is returned to the application (MySQL is not read). */
    public boolean dynamoAuthoritativeForReads() {
        return readDdb && !readMysql;
    }

    @Override
    public String toString() {
        return "READ_MYSQL=" + onOff(readMysql) + " READ_DDB=" + onOff(readDdb)
                + " WRITE_MYSQL=" + onOff(writeMysql) + " WRITE_DDB=" + onOff(writeDdb);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
