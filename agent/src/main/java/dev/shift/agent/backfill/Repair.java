package dev.shift.agent.backfill;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.mapping.ColumnMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-copies exactly the listed keys from the store that is the source of truth. From MySQL (phases 1-4): through
 * {@link Reconciler}, the same compare-and-set on shift_version as backfill's held rows, so a live write that lands
 * meanwhile is never clobbered; items whose row does not exist are deleted. From DynamoDB (phase 5, MySQL not
 * written): through {@link RowsFromItems}, the reverse sync's copy, which writes MySQL rows and never touches an
 * item. A key that is already equal is left alone (counted as unchanged).
 */
public final class Repair {
    /** Which store holds the truth the other is brought to. */
    public enum Source { MYSQL, DYNAMODB }

    /** One key to repair: the item key, and the MySQL key of its row (null: the item names no row). */
    public record Target(String table, ItemKey itemKey, List<Object> pk) {
    }

    public record Result(long keys, long unchanged, Stats stats, List<String> errors) {
    }

    private final Stores stores;
    private final Source source;
    private final Stats stats = new Stats();

    public Repair(Stores stores) {
        this(stores, Source.MYSQL);
    }

    public Repair(Stores stores, Source source) {
        this.stores = stores;
        this.source = source;
    }

    public static List<Target> targets(List<Verify.Diff> diffs) {
        List<Target> out = new ArrayList<>();
        for (Verify.Diff d : diffs) {
            out.add(new Target(d.table(), d.itemKey(), d.pk()));
        }
        return out;
    }

    /** Reads a verify diff file (JSON lines); line numbers in errors. */
    @SuppressWarnings("unchecked")
    public List<Target> readDiffFile(Path file) throws IOException, SQLException {
        Map<String, SqlTable> tables = new LinkedHashMap<>();
        for (SqlTable t : stores.tables(null)) {
            tables.put(t.name(), t);
        }
        List<Target> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> m = JSON.std.mapFrom(line);
                SqlTable t = tables.get(String.valueOf(m.get("table")));
                if (t == null) {
                    throw new IllegalArgumentException("table '" + m.get("table") + "' is not a top-level table of the mapping");
                }
                Map<String, Object> ik = (Map<String, Object>) m.get("item_key");
                ItemKey key = new ItemKey((String) ik.get(stores.mapping().partitionKeyAttribute()),
                        (String) ik.get(stores.mapping().sortKeyAttribute()));
                if (key.pk() == null || key.sk() == null) {
                    throw new IllegalArgumentException("item_key needs " + stores.mapping().partitionKeyAttribute()
                            + " and " + stores.mapping().sortKeyAttribute());
                }
                List<Object> pk = null;
                Map<String, Object> k = (Map<String, Object>) m.get("key");
                if (k != null) {
                    pk = new ArrayList<>();
                    for (String col : t.primaryKey()) {
                        if (!k.containsKey(col)) {
                            throw new IllegalArgumentException("key has no " + col);
                        }
                        ColumnMapping c = t.mapping().column(col);
                        pk.add(SqlTable.normaliseKey(c.coerce(k.get(col))));
                    }
                }
                out.add(new Target(t.name(), key, pk));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + n + ": not a verify difference (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    public Result run(List<Target> targets) throws SQLException {
        if (source == Source.DYNAMODB) {
            return intoMysql(targets);
        }
        Map<String, SqlTable> tables = new LinkedHashMap<>();
        for (SqlTable t : stores.tables(null)) {
            tables.put(t.name(), t);
        }
        ItemBuilder builder = new ItemBuilder(stores.mapping());
        Reconciler reconciler = new Reconciler(new ItemTable(stores.gateway(), stats), builder, stats);
        long unchanged = 0;
        List<String> errors = new ArrayList<>();
        try (Connection c = stores.open()) {
            for (Target tg : targets) {
                Reconciler.Outcome o = reconciler.reconcile(tables.get(tg.table()), tg.itemKey(), tg.pk(), c);
                switch (o) {
                    case COPIED -> stats.recopied.increment();
                    case DELETED -> stats.deleted.increment();
                    case EQUAL -> unchanged++;
                    case FAILED -> {
                        stats.failed.increment();
                        errors.add(tg.table() + " " + tg.itemKey() + ": still different after "
                                + Reconciler.MAX_ROUNDS + " rounds");
                    }
                }
            }
        }
        return new Result(targets.size(), unchanged, stats, errors);
    }

    /** DynamoDB is the truth: each target's item state copied into its MySQL rows; DynamoDB is only read. */
    private Result intoMysql(List<Target> targets) throws SQLException {
        RowsFromItems copier = new RowsFromItems(stores.mapping(), stores.gateway());
        long unchanged = 0;
        List<String> errors = new ArrayList<>();
        try (Connection c = stores.open()) {
            List<SqlTable> tables = stores.tables(c, null);
            for (Target tg : targets) {
                switch (copier.copy(c, tables, tg.itemKey())) {
                    case INSERTED, UPDATED -> stats.recopied.increment();
                    case DELETED -> stats.deleted.increment();
                    case UNCHANGED -> unchanged++;
                    case NOT_A_ROW -> {
                        stats.failed.increment();
                        errors.add(tg.table() + " " + tg.itemKey() + ": the key names no row of the mapping");
                    }
                }
            }
        }
        return new Result(targets.size(), unchanged, stats, errors);
    }
}
