package dev.shift.core.flags;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/** The four switches by the names operators use in JSON, forms and logs. */
public enum Flag {
    READ_MYSQL(Flags::readMysql),
    READ_DDB(Flags::readDdb),
    WRITE_MYSQL(Flags::writeMysql),
    WRITE_DDB(Flags::writeDdb);

    private final Predicate<Flags> reader;

    Flag(Predicate<Flags> reader) {
        this.reader = reader;
    }

    /** This switch's value in {@code flags}. */
    public boolean in(Flags flags) {
        return reader.test(flags);
    }

    /** The flag with this exact name (case matters: it is the wire name). */
    public static Optional<Flag> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
    }
}
