package dev.shift.agent.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.dynamo.DynamoTransaction;
import dev.shift.agent.dynamo.Expressions;
import dev.shift.agent.dynamo.IdSource;
import dev.shift.agent.dynamo.InMemoryStore;
import dev.shift.agent.dynamo.VersionClock;
import dev.shift.agent.dynamo.WriteOutcome;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.merge.RowSet;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden translation cases: one file per case under {@code src/test/resources/golden/}. A file is a script
 * of steps, then {@code expect:} and the exact output:
 * <pre>
 * # what the case shows
 * mapping: default | renamed            (renamed = golden/mappings/renamed.json)
 * given: SQL                            (run first, output not recorded; may be followed by params:)
 * params: 1, 7, 2, 2026-11-26T17:40:00.123, 'text', 12.50, NULL
 * run: SQL                              (planned and executed; plan, DynamoDB requests, MySQL calls, result)
 * begin | commit | rollback | dump      (transaction control; dump prints every item in the table)
 * expect:
 * ...
 * </pre>
 * The DynamoDB table is an in-memory store with DynamoDB's semantics; {@code products} is a fixed MySQL
 * fixture (7 Blue mug 12.50, 9 Tea towel 4.00, 11 Teapot 31.99). Generated ids start at 1001; the clock is
 * fixed at 2026-11-26T17:40:00Z. Run with {@code -Dgolden.update=true} to rewrite the expectations.
 */
class GoldenTranslationTest {
    private static final Path DIR = Paths.get("src/test/resources/golden");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".txt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void golden(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int e = text.indexOf("\nexpect:\n");
        String script = e < 0 ? text : text.substring(0, e + 1);
        String expected = e < 0 ? "" : text.substring(e + "\nexpect:\n".length());
        String actual = run(script);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, script + "expect:\n" + actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected.strip(), actual.strip(), "golden file " + file.getFileName());
    }

    static Mapping mapping(String name) throws IOException {
        if (name == null || name.equals("default")) {
            return Mapping.defaultMapping();
        }
        try (InputStream in = Files.newInputStream(DIR.resolve("mappings").resolve(name + ".json"))) {
            return Mapping.load(in);
        }
    }

    private String run(String script) throws Exception {
        List<String[]> steps = new ArrayList<>();
        String mappingName = "default";
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("mapping:")) {
                mappingName = line.substring(8).strip();
            } else if (line.startsWith("params:")) {
                steps.get(steps.size() - 1)[2] = line.substring(7).strip();
            } else if (line.startsWith("given:") || line.startsWith("run:")) {
                int c = line.indexOf(':');
                steps.add(new String[] {line.substring(0, c), line.substring(c + 1).strip(), ""});
            } else {
                steps.add(new String[] {line, "", ""});
            }
        }
        Mapping mapping = mapping(mappingName);
        InMemoryStore store = new InMemoryStore(mapping);
        SqlPlanner planner = new SqlPlanner(mapping);
        DynamoTransaction tx = new DynamoTransaction(store,
                new VersionClock(Clock.fixed(Instant.parse("2026-11-26T17:40:00Z"), ZoneOffset.UTC)));
        AtomicLong nextId = new AtomicLong(1001);
        IdSource ids = (t, c) -> nextId.getAndIncrement();
        StringBuilder out = new StringBuilder();
        for (String[] step : steps) {
            String kind = step[0];
            StringBuilder o = kind.equals("given") ? new StringBuilder() : out;
            switch (kind) {
                case "begin":
                    tx.setAutoCommit(false);
                    o.append("-- begin\n");
                    break;
                case "commit":
                    o.append("-- commit\n");
                    try {
                        tx.commit();
                    } catch (SQLException ex) {
                        o.append("error: ").append(ex.getSQLState()).append(' ').append(ex.getMessage()).append('\n');
                    }
                    log(store, o);
                    break;
                case "rollback":
                    tx.rollback();
                    o.append("-- rollback\n");
                    log(store, o);
                    break;
                case "dump":
                    o.append("-- dump ").append(mapping.tableName()).append('\n');
                    store.all().forEach(item -> o.append(Expressions.showItem(item)).append('\n'));
                    break;
                default:
                    store.drainLog();
                    execute(planner, tx, store, ids, step[1], params(step[2]), o);
            }
        }
        return out.toString();
    }

    private static void execute(SqlPlanner planner, DynamoTransaction tx, InMemoryStore store, IdSource ids, String sql,
                                List<Object> params, StringBuilder o) {
        o.append("-- run: ").append(sql).append('\n');
        StatementPlan plan = planner.plan(sql);
        try {
            if (plan instanceof NotMigrated) {
                o.append("not migrated\n");
            } else if (plan instanceof Untranslatable u) {
                o.append("untranslatable (").append(u.table()).append("): ").append(u.reason()).append('\n');
            } else if (plan instanceof ReadPlan r) {
                o.append("plan: ").append(r.describe(params)).append('\n');
                List<String> mysqlCalls = new ArrayList<>();
                RowSet rows = dev.shift.agent.execute.ReadExecution.run(r, tx.reader(), params, (q, p) -> {
                    mysqlCalls.add("mysql: " + q + " " + p);
                    return Products.query(q, p);
                });
                log(store, o);
                mysqlCalls.forEach(c -> o.append(c).append('\n'));
                o.append("result:\n").append(rows.render()).append('\n');
            } else {
                WriteOutcome w = tx.execute((WritePlan) plan, params, ids);
                log(store, o);
                o.append("count: ").append(w.updateCount());
                if (w.generatedKey() != null) {
                    o.append(" generated: ").append(w.generatedKey());
                }
                o.append('\n');
            }
        } catch (SQLException ex) {
            log(store, o);
            o.append("error: ").append(ex.getSQLState()).append(' ').append(ex.getMessage()).append('\n');
        }
    }

    private static void log(InMemoryStore store, StringBuilder o) {
        for (String l : store.drainLog()) {
            o.append("dynamodb: ").append(l).append('\n');
        }
    }

    static List<Object> params(String text) {
        List<Object> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        Matcher m = Pattern.compile("\\s*('(?:[^']|'')*'|[^,]+)\\s*(,|$)").matcher(text);
        while (m.find() && m.start() < text.length()) {
            String t = m.group(1).strip();
            if (t.startsWith("'")) {
                out.add(t.substring(1, t.length() - 1).replace("''", "'"));
            } else if (t.equalsIgnoreCase("NULL")) {
                out.add(null);
            } else if (t.matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
                out.add(Timestamp.valueOf(LocalDateTime.parse(t)));
            } else if (t.matches("-?\\d+")) {
                out.add(Long.valueOf(t));
            } else {
                out.add(new BigDecimal(t));
            }
            if (m.end() >= text.length()) {
                break;
            }
        }
        return out;
    }

    /** The MySQL side of JOINs: a fixed products table. */
    static final class Products {
        static final Map<Long, Object[]> ROWS = Map.of(
                7L, new Object[] {7L, "Blue mug", new BigDecimal("12.50"), 40},
                9L, new Object[] {9L, "Tea towel", new BigDecimal("4.00"), 100},
                11L, new Object[] {11L, "Teapot", new BigDecimal("31.99"), 3});
        static final List<String> COLUMNS = List.of("id", "name", "price", "inventory");

        static RowSet query(String sql, List<Object> params) {
            Matcher m = Pattern.compile("SELECT (.*) FROM products (\\w+) WHERE (.*)").matcher(sql.replace("`", ""));
            if (!m.matches()) {
                throw new IllegalArgumentException("unexpected MySQL query " + sql);
            }
            List<Integer> idx = new ArrayList<>();
            List<RowSet.Column> cols = new ArrayList<>();
            for (String c : m.group(1).split(",\\s*")) {
                String name = c.substring(c.indexOf('.') + 1);
                int i = COLUMNS.indexOf(name);
                idx.add(i);
                int[] types = {Types.BIGINT, Types.VARCHAR, Types.DECIMAL, Types.INTEGER};
                String[] names = {"BIGINT", "VARCHAR", "DECIMAL", "INT"};
                cols.add(new RowSet.Column(name, name, "products", types[i], names[i], i == 2 ? 2 : 0));
            }
            List<Object[]> rows = new ArrayList<>();
            for (Object p : params) {
                Object[] r = ROWS.get(((Number) p).longValue());
                if (r != null) {
                    Object[] o = new Object[idx.size()];
                    for (int i = 0; i < o.length; i++) {
                        o[i] = r[idx.get(i)];
                    }
                    rows.add(o);
                }
            }
            return new RowSet(cols, rows);
        }
    }
}
