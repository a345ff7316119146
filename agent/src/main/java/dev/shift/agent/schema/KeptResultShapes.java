package dev.shift.agent.schema;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.backfill.JsonFiles;
import dev.shift.agent.dynamo.ResultShape;
import dev.shift.agent.route.ResultShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the result metadata learned per statement ({@link ResultShapes}) in the state directory, so a restart in
 * phase 5, when MySQL no longer answers, still gives the application its driver's classes and metadata. Saved off
 * the statement's thread, once per burst of newly learned statements; the saving thread ends when idle.
 */
public final class KeptResultShapes {

    /** The file in the state directory. */
    public static final String FILE = "result-shapes.json";

    private static final System.Logger LOG = System.getLogger("dev.shift.agent");

    private KeptResultShapes() {
    }

    /** Restores what an earlier run kept in {@code stateDir} and keeps what is learned from now on. Never throws. */
    public static void attach(ResultShapes shapes, Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            shapes.restore(load(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Shift cannot use the result metadata kept in " + file + " ("
                    + e.getMessage() + "); statements MySQL has not answered since follow the driver's defaults");
        }
        ThreadPoolExecutor saver = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "shift-result-shapes");
            t.setDaemon(true);
            return t;
        });
        saver.allowCoreThreadTimeOut(true);
        AtomicBoolean pending = new AtomicBoolean();
        shapes.onLearned(() -> {
            if (pending.compareAndSet(false, true)) {
                saver.execute(() -> {
                    pending.set(false);
                    try {
                        save(file, shapes.byDigest());
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Shift cannot keep the result metadata it learned in "
                                + file + ": " + e.getMessage());
                    }
                });
            }
        });
    }

    static Map<String, ResultShape> load(Path file) throws IOException {
        Map<String, ResultShape> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        Map<String, Object> root = JSON.std.mapFrom(Files.readString(file));
        try {
            @SuppressWarnings("unchecked") Map<String, Object> statements = (Map<String, Object>) root.get("statements");
            statements.forEach((digest, shape) -> out.put(digest, ResultShape.fromJson(shape)));
        } catch (ClassCastException | NullPointerException e) {
            throw new IOException(file + " is not a result-metadata file Shift wrote (" + e + ")");
        }
        return out;
    }

    static void save(Path file, Map<String, ResultShape> byDigest) throws IOException {
        Map<String, Object> statements = new TreeMap<>();
        byDigest.forEach((digest, shape) -> statements.put(digest, shape.toJson()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        JsonFiles.writeAtomically(file, Map.of("statements", statements));
    }
}
