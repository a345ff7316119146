package dev.shift.agent.backfill;

/**
 * A key range of one table: {@code lo <= first key column < hi} (null = unbounded). Segments are what runs in
 * parallel and what a checkpoint belongs to.
 */
public record Segment(String table, int index, int count, Long lo, Long hi) {
    public static Segment whole(String table) {
        return new Segment(table, 0, 1, null, null);
    }

    public String id() {
        return table + "." + index + "-of-" + count;
    }
}
