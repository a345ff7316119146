package dev.shift.core.flags;

import java.util.Arrays;
import java.util.Optional;

/** The five named phases of a migration (see DESIGN.md, phase table). */
public enum Phase {
    MYSQL_ONLY(1, "MySQL only", "Reads and writes go to MySQL; Shift only watches.",
            new Flags(true, false, true, false)),
    DUAL_WRITE(2, "Dual write, MySQL read", "Writes go to both stores; reads come from MySQL.",
            new Flags(true, false, true, true)),
    DUAL_READ(3, "Dual write, dual read (validation)",
            "Writes go to both stores; MySQL answers reads and DynamoDB's answer is compared in the shadow.",
            new Flags(true, true, true, true)),
    DYNAMODB_READ(4, "Dual write, DynamoDB read",
            "Writes go to both stores; reads come from DynamoDB. MySQL is still written, so rollback stays possible.",
            new Flags(false, true, true, true)),
    DYNAMODB_ONLY(5, "DynamoDB only", "Reads and writes go to DynamoDB; MySQL is no longer written.",
            new Flags(false, true, false, true));

    private final int number;
    private final String title;
    private final String description;
    private final Flags flags;

    Phase(int number, String title, String description, Flags flags) {
        this.number = number;
        this.title = title;
        this.description = description;
        this.flags = flags;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public Flags flags() {
        return flags;
    }

    /** The phase with this number (1..5). */
    public static Optional<Phase> number(int n) {
        return Arrays.stream(values()).filter(p -> p.number == n).findFirst();
    }

    /** The phase whose flags are exactly these. */
    public static Optional<Phase> of(Flags flags) {
        return Arrays.stream(values()).filter(p -> p.flags.equals(flags)).findFirst();
    }
}
