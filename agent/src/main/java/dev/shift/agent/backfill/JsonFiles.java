package dev.shift.agent.backfill;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** JSON files other processes read while they change (checkpoints, status, job runs): never seen half-written. */
public final class JsonFiles {

    private JsonFiles() {
    }

    /** Writes {@code value} as JSON to a temporary file beside {@code file}, then renames it over {@code file}. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.std.asString(value));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
