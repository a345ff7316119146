package dev.shift.agent.validation;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a SELECT's top-level ORDER BY and LIMIT say about the order of its answer, for {@link RowComparer}: the
 * ORDER BY items, each a result column named as written (column or alias, unquoted, table qualifier dropped), a
 * 1-based select-list position, or neither (an expression); and whether LIMIT / OFFSET cut the answer.
 * Direction (ASC/DESC) is not kept: both stores must produce the same sequence of sort keys either way.
 *
 * @param items   empty when the answer has no defined order
 * @param limited LIMIT present: the last run of equal sort keys may be cut
 * @param offset  OFFSET present: the first run of equal sort keys may be cut too
 */
record OrderBy(List<Item> items, boolean limited, boolean offset) {

    /** One ORDER BY item: {@code name} (as written; matched case-insensitively) or {@code position} (≥ 1), else an expression. */
    record Item(String name, int position) {
        static final Item EXPRESSION = new Item(null, 0);
    }

    /** No ORDER BY: rows compare as a multiset. */
    static final OrderBy NONE = new OrderBy(List.of(), false, false);

    private static final Pattern ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\b", Pattern.CASE_INSENSITIVE);

    OrderBy {
        items = List.copyOf(items);
    }

    boolean ordered() {
        return !items.isEmpty();
    }

    /** The order of {@code sql}'s answer. Never throws: SQL that says ORDER BY but does not parse gets an unknown key. */
    static OrderBy of(String sql) {
        if (sql == null || !ORDER_BY.matcher(sql).find()) {
            return NONE;   // most statements: no parse needed
        }
        Statement st;
        try {
            st = CCJSqlParserUtil.newParser(sql).Statement();   // as SqlPlanner does (parse() would start a thread)
        } catch (Throwable e) {
            st = null;
        }
        if (!(st instanceof Select s)) {
            return new OrderBy(List.of(Item.EXPRESSION), false, false);
        }
        if (s.getOrderByElements() == null || s.getOrderByElements().isEmpty()) {
            return NONE;   // "ORDER BY" only in a subquery or a literal
        }
        List<Item> items = new ArrayList<>();
        for (OrderByElement ob : s.getOrderByElements()) {
            items.add(item(ob.getExpression()));
        }
        boolean offset = s.getOffset() != null || (s.getLimit() != null && s.getLimit().getOffset() != null);
        return new OrderBy(items, s.getLimit() != null || offset, offset);
    }

    private static Item item(Expression e) {
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        if (e instanceof Column c) {
            String n = c.getColumnName();
            if (n.length() >= 2 && (n.charAt(0) == '`' || n.charAt(0) == '"') && n.charAt(n.length() - 1) == n.charAt(0)) {
                n = n.substring(1, n.length() - 1);
            }
            return new Item(n, 0);
        }
        if (e instanceof LongValue l && l.getValue() >= 1 && l.getValue() <= Integer.MAX_VALUE) {
            return new Item(null, (int) l.getValue());
        }
        return Item.EXPRESSION;
    }
}
