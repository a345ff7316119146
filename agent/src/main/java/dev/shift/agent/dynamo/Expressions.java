package dev.shift.agent.dynamo;

import dev.shift.agent.item.Condition;
import dev.shift.agent.item.ItemImages;
import dev.shift.agent.item.ItemWrite;
import dev.shift.agent.item.UpdateAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renders update actions and conditions as DynamoDB expression strings with {@code #n} name and {@code :v}
 * value placeholders (every name is a placeholder, so reserved words like {@code status} are safe), and as a
 * stable human-readable text for golden tests and error messages.
 */
public final class Expressions {
    private final Map<String, String> names = new LinkedHashMap<>();   // placeholder → attribute
    private final Map<String, String> nameOf = new LinkedHashMap<>();  // attribute → placeholder
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    public Map<String, String> names() {
        return names;
    }

    public Map<String, AttributeValue> values() {
        return values;
    }

    public String name(String attribute) {
        return nameOf.computeIfAbsent(attribute, a -> {
            String p = "#n" + names.size();
            names.put(p, a);
            return p;
        });
    }

    public String value(AttributeValue v) {
        String p = ":v" + values.size();
        values.put(p, v);
        return p;
    }

    public String update(List<UpdateAction> actions) {
        List<String> set = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (UpdateAction a : actions) {
            String n = name(a.attribute());
            if (a instanceof UpdateAction.Set s) {
                set.add(n + " = " + value(s.value()));
            } else if (a instanceof UpdateAction.SetIfAbsent s) {
                set.add(n + " = if_not_exists(" + n + ", " + value(s.value()) + ")");
            } else if (a instanceof UpdateAction.Add ad) {
                add.add(n + " " + value(ItemImages.num(ad.delta())));
            } else if (a instanceof UpdateAction.Increment in) {
                set.add(n + " = if_not_exists(" + n + ", " + value(ItemImages.num(in.base())) + ") + "
                        + value(ItemImages.num(in.increment())));
            } else if (a instanceof UpdateAction.Append ap) {
                set.add(n + " = list_append(if_not_exists(" + n + ", " + value(AttributeValue.fromL(ap.base()))
                        + "), " + value(AttributeValue.fromL(ap.values())) + ")");
            } else if (a instanceof UpdateAction.Remove) {
                remove.add(n);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!set.isEmpty()) {
            sb.append("SET ").append(String.join(", ", set));
        }
        if (!add.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("ADD ").append(String.join(", ", add));
        }
        if (!remove.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("REMOVE ").append(String.join(", ", remove));
        }
        return sb.toString();
    }

    /** The condition expression, or null when there is none. */
    public String condition(Condition c) {
        if (c.isNone()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Condition.Term t : c.terms()) {
            if (t instanceof Condition.Exists e) {
                parts.add("attribute_exists(" + name(e.attribute()) + ")");
            } else if (t instanceof Condition.NotExists e) {
                parts.add("attribute_not_exists(" + name(e.attribute()) + ")");
            } else if (t instanceof Condition.Equals e) {
                parts.add(name(e.attribute()) + " = " + value(e.value()));
            } else if (t instanceof Condition.InRange r) {
                String n = name(r.attribute());
                parts.add("(attribute_not_exists(" + n + ") OR " + n + " BETWEEN "
                        + value(AttributeValue.fromN(r.min().toPlainString())) + " AND "
                        + value(AttributeValue.fromN(r.max().toPlainString())) + ")");
            }
        }
        return String.join(" AND ", parts);
    }

    /** The expression with placeholders replaced by names and rendered values (for humans, not for DynamoDB). */
    public String readable(String expression) {
        if (expression == null) {
            return null;
        }
        String out = expression;
        // longest placeholders first so #n10 is not eaten by #n1
        List<String> keys = new ArrayList<>(values.keySet());
        keys.sort((a, b) -> b.length() - a.length());
        for (String k : keys) {
            out = out.replace(k, show(values.get(k)));
        }
        keys = new ArrayList<>(names.keySet());
        keys.sort((a, b) -> b.length() - a.length());
        for (String k : keys) {
            out = out.replace(k, names.get(k));
        }
        return out;
    }

    /** Stable text of a value: {@code S:"x"}, {@code N:12.50}, {@code L[...]}, {@code M{a=..}}. */
    public static String show(AttributeValue v) {
        if (v == null) {
            return "<absent>";
        }
        if (v.s() != null) {
            return "S:\"" + v.s() + "\"";
        }
        if (v.n() != null) {
            return "N:" + v.n();
        }
        if (v.bool() != null) {
            return "BOOL:" + v.bool();
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return "NULL";
        }
        if (v.hasL()) {
            return v.l().stream().map(Expressions::show).collect(Collectors.joining(", ", "L[", "]"));
        }
        if (v.hasM()) {
            return showItem(v.m()).replaceFirst("^\\{", "M{");
        }
        return v.toString();
    }

    public static String showItem(Map<String, AttributeValue> item) {
        return item.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** One line per write, e.g. {@code UpdateItem Users key=USER#1 / CART#7 update: ADD quantity N:2 if: ...}. */
    public static String describe(String table, ItemWrite w) {
        Expressions x = new Expressions();
        StringBuilder sb = new StringBuilder();
        if (w instanceof ItemWrite.Put p) {
            sb.append("PutItem ").append(table).append(" item=").append(showItem(p.item()));
        } else if (w instanceof ItemWrite.Update u) {
            sb.append("UpdateItem ").append(table).append(" key=").append(w.key())
                    .append(" update: ").append(x.readable(x.update(u.actions())));
        } else {
            sb.append("DeleteItem ").append(table).append(" key=").append(w.key());
        }
        String cond = x.readable(x.condition(w.condition()));
        if (cond != null) {
            sb.append(" if: ").append(cond);
        }
        if (w.countsRow()) {
            sb.append(" [row-match]");
        }
        return sb.toString();
    }
}
