package dev.shift.agent.sql;

import dev.shift.agent.mapping.ColumnMapping;
import dev.shift.agent.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Which table a column of a statement belongs to, and its slot in the rows the statement reads: the migrated
 * table's columns first (mapping order), then the columns of a joined table that stays in MySQL, in the order the
 * statement first names them.
 */
final class Scope implements ExprCompiler.Slots {
    final TableMapping table;
    final String tableName;     // as written (normalised)
    final String alias;         // may be null
    final List<String> columnNames;
    String otherSql;            // as written, e.g. products or shop.products
    String otherName;           // normalised
    String otherAlias;
    final List<String> rightColumns = new ArrayList<>();
    /** A migrated table embedded in this one's items, joined to it (its columns follow this table's), or null. */
    TableMapping child;
    String childName;
    String childAlias;
    private final Function<String, PlanException> fail;

    Scope(TableMapping table, Table t, Function<String, PlanException> fail) {
        this.table = table;
        this.tableName = SqlPlanner.normalise(t.getName());
        this.alias = t.getAlias() == null ? null : PlanBuilder.unquote(t.getAlias().getName()).toLowerCase(Locale.ROOT);
        this.columnNames = new ArrayList<>(table.columns().keySet());
        this.fail = fail;
    }

    void joined(Table other) {
        otherSql = other.getFullyQualifiedName();
        otherName = SqlPlanner.normalise(other.getName());
        otherAlias = other.getAlias() == null ? null : PlanBuilder.unquote(other.getAlias().getName()).toLowerCase(Locale.ROOT);
    }

    /** Joins the rows embedded in this table's items: their columns take the slots after this table's. */
    void embedded(Table t, TableMapping childTable) {
        child = childTable;
        childName = SqlPlanner.normalise(t.getName());
        childAlias = t.getAlias() == null ? null : PlanBuilder.unquote(t.getAlias().getName()).toLowerCase(Locale.ROOT);
        rightColumns.addAll(childTable.columns().keySet());
    }

    private boolean isChild(String qualifier) {
        return child != null && (qualifier.equals(childAlias) || qualifier.equals(childName));
    }

    String childLabel() {
        return childAlias != null ? childAlias : childName;
    }

    String label() {
        return alias != null ? alias : tableName;
    }

    String otherQualifier() {
        return otherAlias != null ? otherAlias : otherName;
    }

    /** True when the name is this scope's migrated table or its alias. */
    boolean isMigrated(String qualifier) {
        return qualifier.equals(alias) || qualifier.equals(tableName);
    }

    int width() {
        return columnNames.size() + rightColumns.size();
    }

    @Override
    public int slot(Column c) {
        String name = PlanBuilder.unquote(c.getColumnName()).toLowerCase(Locale.ROOT);
        String q = c.getTable() == null || c.getTable().getName() == null ? null : SqlPlanner.normalise(c.getTable().getName());
        boolean left;
        if (q != null) {
            if (isMigrated(q)) {
                left = true;
            } else if (isChild(q) || (otherName != null && (q.equals(otherAlias) || q.equals(otherName)))) {
                left = false;
            } else {
                throw fail.apply("unknown table or alias '" + q + "' in " + c);
            }
        } else {
            left = table.columns().containsKey(name) || (otherName == null && child == null);
        }
        if (left) {
            int i = columnNames.indexOf(name);
            if (i < 0) {
                throw fail.apply("column " + name + " of " + table.name() + " is not in the mapping");
            }
            return i;
        }
        for (int i = 0; i < rightColumns.size(); i++) {
            if (rightColumns.get(i).equalsIgnoreCase(name)) {
                return columnNames.size() + i;
            }
        }
        if (child != null) {
            throw fail.apply("column " + name + " of " + child.name() + " is not in the mapping");
        }
        rightColumns.add(PlanBuilder.unquote(c.getColumnName()));
        return columnNames.size() + rightColumns.size() - 1;
    }

    boolean isLeft(int slot) {
        return slot < columnNames.size();
    }

    @Override
    public ColumnMapping column(int slot) {
        if (isLeft(slot)) {
            return table.column(columnNames.get(slot));
        }
        return child == null ? null : child.column(rightColumns.get(slot - columnNames.size()));
    }

    /** The table label a slot's column belongs to. */
    String tableLabel(int slot) {
        return isLeft(slot) ? label() : child != null ? childLabel() : otherQualifier();
    }

    @Override
    public String name(int slot) {
        return tableLabel(slot) + "." + (isLeft(slot) ? columnNames.get(slot) : rightColumns.get(slot - columnNames.size()));
    }
}
