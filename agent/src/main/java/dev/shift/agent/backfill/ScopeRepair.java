package dev.shift.agent.backfill;

import dev.shift.agent.execute.ReadExecution;
import dev.shift.agent.item.ItemKey;
import dev.shift.agent.sql.ReadPlan;
import dev.shift.agent.sql.RowScope;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.StatementPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Makes DynamoDB equal to MySQL for the rows of a {@link RowScope}: every row MySQL has in the scope and every
 * item DynamoDB has in it goes through {@link Reconciler} (copied, deleted or left alone, never clobbering a
 * newer live write). Idempotent: running it twice, or for a change that already landed, changes nothing.
 */
public final class ScopeRepair {

    private final Stores stores;
    private final SqlPlanner planner;
    private final Stats stats = new Stats();
    private final ItemTable items;
    private final Reconciler reconciler;
    private volatile Map<String, SqlTable> tables;

    public ScopeRepair(Stores stores, SqlPlanner planner) {
        this.stores = stores;
        this.planner = planner;
        this.items = new ItemTable(stores.gateway(), stats);
        this.reconciler = new Reconciler(items, new ItemBuilder(stores.mapping()), stats);
    }

    /** Brings every scope's rows into DynamoDB; throws (naming the scope) when one cannot be made equal now. */
    public void repair(List<RowScope> scopes, Connection mysql) throws SQLException {
        for (RowScope scope : scopes) {
            repair(scope, mysql);
        }
    }

    private void repair(RowScope scope, Connection mysql) throws SQLException {
        SqlTable table = table(scope.table(), mysql);
        Map<ItemKey, List<Object>> targets = new LinkedHashMap<>();
        for (List<Object> pk : SqlTable.snapshot(mysql, () -> table.keysWhereLocked(mysql, scope.columns()))) {
            Row row = SqlTable.snapshot(mysql, () -> table.readByKey(mysql, pk));
            if (row != null) {
                targets.put(reconciler.builder().key(row), pk);
            }
        }
        for (Map<String, AttributeValue> item : itemsOf(scope, table)) {
            targets.putIfAbsent(items.keyOf(item), Verify.rowKeyOf(table, item));
        }
        for (Map.Entry<ItemKey, List<Object>> t : targets.entrySet()) {
            if (reconciler.reconcile(table, t.getKey(), t.getValue(), mysql) == Reconciler.Outcome.FAILED) {
                throw new SQLException("Shift could not make " + t.getKey() + " (" + scope.describe()
                        + ") equal to MySQL: it kept changing under " + Reconciler.MAX_ROUNDS + " attempts");
            }
        }
    }

    /** DynamoDB's items in the scope, found the way the application's own SELECT with these equalities would be. */
    private List<Map<String, AttributeValue>> itemsOf(RowScope scope, SqlTable table) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        scope.columns().forEach((c, v) -> {
            where.add(c + " = ?");
            params.add(v);
        });
        String sql = "SELECT " + String.join(", ", table.mapping().columns().keySet()) + " FROM " + table.name()
                + " WHERE " + String.join(" AND ", where);
        StatementPlan plan = planner.plan(sql);
        if (!(plan instanceof ReadPlan read)) {
            throw new SQLException("Shift cannot look up " + scope.describe() + " in DynamoDB: " + plan);
        }
        String entity = table.mapping().entity();
        String entityAttribute = stores.mapping().entityAttribute();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : ReadExecution.items(stores.gateway(), read, params)) {
            AttributeValue e = item.get(entityAttribute);
            if (e != null && entity.equals(e.s())) {
                out.add(item);
            }
        }
        return out;
    }

    private SqlTable table(String name, Connection mysql) throws SQLException {
        Map<String, SqlTable> t = tables;
        if (t == null) {
            t = new LinkedHashMap<>();
            for (SqlTable s : SqlTable.discover(mysql, stores.mapping(), null)) {
                t.put(s.name(), s);
            }
            tables = t;
        }
        SqlTable table = t.get(name);
        if (table == null) {
            throw new SQLException("Shift: '" + name + "' is not a top-level table of the mapping");
        }
        return table;
    }
}
