package dev.shift.agent.item;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A ConditionExpression as data: terms joined with AND. */
public record Condition(List<Term> terms) {

    /** This condition and that one's terms. */
    public Condition and(Condition other) {
        if (other.terms().isEmpty()) {
            return this;
        }
        List<Term> all = new java.util.ArrayList<>(terms);
        all.addAll(other.terms());
        return new Condition(List.copyOf(all));
    }

    public static final Condition NONE = new Condition(List.of());

    public boolean isNone() {
        return terms.isEmpty();
    }

    public static Condition of(Term... terms) {
        return new Condition(List.of(terms));
    }

    public sealed interface Term permits Exists, NotExists, Equals, InRange {
    }

    public record Exists(String attribute) implements Term {
    }

    public record NotExists(String attribute) implements Term {
    }

    public record Equals(String attribute, AttributeValue value) implements Term {
    }

    /**
     * A number attribute absent or within {@code [min, max]}: what an {@code ADD} to an integer column needs so the
     * result stays in the column's range (MySQL refuses it otherwise: "Out of range value").
     */
    public record InRange(String attribute, java.math.BigDecimal min, java.math.BigDecimal max) implements Term {
    }

    /** Whether the condition holds for this item (null: no item), evaluated as DynamoDB evaluates it. */
    public boolean holds(java.util.Map<String, AttributeValue> item) {
        for (Term t : terms) {
            if (!holds(t, item)) {
                return false;
            }
        }
        return true;
    }

    public static boolean holds(Term t, java.util.Map<String, AttributeValue> item) {
        AttributeValue v = item == null ? null : item.get(attribute(t));
        if (t instanceof Exists) {
            return v != null;
        }
        if (t instanceof NotExists) {
            return v == null;
        }
        if (t instanceof Equals e) {
            return e.value().equals(v) || (v != null && v.n() != null && e.value().n() != null
                    && new java.math.BigDecimal(v.n()).compareTo(new java.math.BigDecimal(e.value().n())) == 0);
        }
        InRange r = (InRange) t;
        if (v == null) {
            return true;
        }
        java.math.BigDecimal n = new java.math.BigDecimal(v.n());
        return n.compareTo(r.min()) >= 0 && n.compareTo(r.max()) <= 0;
    }

    private static String attribute(Term t) {
        if (t instanceof Exists e) {
            return e.attribute();
        }
        if (t instanceof NotExists n) {
            return n.attribute();
        }
        if (t instanceof Equals e) {
            return e.attribute();
        }
        return ((InRange) t).attribute();
    }
}
