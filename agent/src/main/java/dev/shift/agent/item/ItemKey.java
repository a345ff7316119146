package dev.shift.agent.item;

/** The primary key of one item (partition key and sort key values, both strings). */
public record ItemKey(String pk, String sk) {
    @Override
    public String toString() {
        return pk + " / " + sk;
    }
}
