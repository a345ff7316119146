package dev.shift.agent.route;

import dev.shift.agent.dynamo.ResultShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the application's driver reported for each migrated read while MySQL answered it, so DynamoDB's answers to the
 * same statement report the same metadata and return the same classes. Learned the first time MySQL answers a
 * statement (one map lookup afterwards); kept across restarts by SQL digest, never by text, so no value written into
 * an SQL string lands on disk. Bounded: beyond {@link #MAX} statements, new ones follow the driver family's defaults.
 */
public final class ResultShapes {
    static final int MAX = 2_000;
    private static final ResultShape NONE = new ResultShape(List.of());

    private final Map<String, ResultShape> bySql = new ConcurrentHashMap<>();
    private final Map<String, ResultShape> kept = new ConcurrentHashMap<>();
    private volatile Runnable onLearned = () -> { };

    /** The shape of MySQL's answer to {@code sql}, learned the first time. Never throws. */
    public ResultShape learn(String sql, ResultSet mysqlAnswer) {
        ResultShape known = bySql.get(sql);
        if (known != null && known != NONE) {
            return known;
        }
        if (bySql.size() >= MAX) {
            return null;
        }
        try {
            ResultShape shape = ResultShape.of(mysqlAnswer.getMetaData());
            bySql.put(sql, shape);
            onLearned.run();
            return shape;
        } catch (SQLException | RuntimeException e) {
            return null;   // a driver whose metadata cannot be read: its family's defaults apply
        }
    }

    /** The shape learned for {@code sql}, in this run or an earlier one; null when MySQL never answered it. */
    public ResultShape of(String sql) {
        ResultShape s = bySql.get(sql);
        if (s == null) {
            s = kept.isEmpty() ? NONE : kept.getOrDefault(digest(sql), NONE);
            if (bySql.size() < MAX) {
                bySql.put(sql, s);
            }
        }
        return s == NONE ? null : s;
    }

    /** Everything known, by SQL digest: what an earlier run kept, and what this one learned. */
    public Map<String, ResultShape> byDigest() {
        Map<String, ResultShape> out = new HashMap<>(kept);
        bySql.forEach((sql, shape) -> {
            if (shape != NONE) {
                out.put(digest(sql), shape);
            }
        });
        return out;
    }

    /** Shapes an earlier run kept ({@link #byDigest}). */
    public void restore(Map<String, ResultShape> byDigest) {
        kept.putAll(byDigest);
        bySql.values().removeIf(s -> s == NONE);
    }

    /** Runs after each newly learned shape (on the statement's thread: keep it quick). */
    public void onLearned(Runnable listener) {
        onLearned = listener;
    }

    static String digest(String sql) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
