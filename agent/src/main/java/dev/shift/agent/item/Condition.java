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

    public sealed interface Term permits Exists, NotExists, Equals {
    }

    public record Exists(String attribute) implements Term {
    }

    public record NotExists(String attribute) implements Term {
    }

    public record Equals(String attribute, AttributeValue value) implements Term {
    }
}
