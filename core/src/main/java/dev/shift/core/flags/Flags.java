package dev.shift.core.flags;

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

    /**
     * All 16 combinations, in a fixed order (bit 3 = READ_MYSQL .. bit 0 = WRITE_DDB); for tests and
     * documentation of {@link FlagRules}.
     */
    public static java.util.List<Flags> allCombinations() {
        java.util.List<Flags> all = new java.util.ArrayList<>(16);
        for (int bits = 0; bits < 16; bits++) {
            all.add(new Flags((bits & 8) != 0, (bits & 4) != 0, (bits & 2) != 0, (bits & 1) != 0));
        }
        return java.util.List.copyOf(all);
    }

    /** These flags with one switch set to {@code on}. */
    public Flags with(Flag flag, boolean on) {
        return new Flags(
                flag == Flag.READ_MYSQL ? on : readMysql,
                flag == Flag.READ_DDB ? on : readDdb,
                flag == Flag.WRITE_MYSQL ? on : writeMysql,
                flag == Flag.WRITE_DDB ? on : writeDdb);
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
