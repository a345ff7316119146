package dev.shift.agent.backfill;

import dev.shift.agent.dynamo.VersionClock;
import dev.shift.agent.item.ItemKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Makes one item equal to its MySQL row without ever overwriting newer live data: the compare-and-set loop
 * that backfill's held rows and orphans, verify's re-check and repair share.
 *
 * <pre>
 * repeat (at most N times):
 *   item ← GetItem(key, consistent)            -- observed: absent, or present with shift_version v
 *   row  ← SELECT … WHERE pk = …               -- MySQL, read AFTER the item
 *   if row ≅ item: done
 *   write row's item (or delete, row gone) IF the item is still exactly what was observed
 *                                           -- attribute_not_exists(PK) / shift_version = v
 *   (success or not, go round again: the next round is the check of this write)
 * </pre>
 *
 * Why this never loses a live write (phases 2-4 write MySQL first, then DynamoDB): the item's content at the
 * observation came from writes whose MySQL commit preceded their DynamoDB write, hence preceded the MySQL read,
 * so the row read is at least as new as the observed item. A live write whose DynamoDB part lands after the
 * observation changes shift_version (or the item's existence), so the conditional write fails and nothing is
 * overwritten; one landing after our write applies on top of the row we wrote, which is MySQL's state before
 * it - correct. A live UPDATE/DELETE that found no item (a no-op in DynamoDB) before our write committed in MySQL
 * before our write, so the round after our write reads it and corrects the item. In phase 4 DynamoDB is written
 * before MySQL commits: the row is read with a shared lock, which waits for such a transaction to commit (or
 * roll back), so the same argument holds. No clock comparison is
 * involved: shift_version is used as a change token, so clock skew between hosts cannot make an older copy win.
 */
public final class Reconciler {
    public enum Outcome { EQUAL, COPIED, DELETED, FAILED }

    static final int MAX_ROUNDS = 6;

    private final ItemTable items;
    private final ItemBuilder builder;
    private final Differ differ;
    private final VersionClock clock;
    private final Stats stats;

    public Reconciler(ItemTable items, ItemBuilder builder, Stats stats) {
        this.items = items;
        this.builder = builder;
        this.differ = new Differ(builder.mapping());
        this.clock = VersionClock.system();
        this.stats = stats;
    }

    public ItemBuilder builder() {
        return builder;
    }

    /**
     * Reconciles the item at {@code key} with the row whose primary key is {@code pk} (null when the item's row
     * cannot be identified: such an item is extra). A row whose item key is not {@code key} does not belong here:
     * the item at {@code key} is then extra.
     */
    public Outcome reconcile(SqlTable table, ItemKey key, List<Object> pk, Connection mysql) throws SQLException {
        Outcome done = Outcome.EQUAL;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, AttributeValue> item = items.get(key);
            Row row = pk == null ? null : SqlTable.snapshot(mysql, () -> table.readByKeyLocked(mysql, pk));
            if (row != null && !builder.key(row).equals(key)) {
                row = null;
            }
            if (differ.compare(row, item) == null) {
                return done;
            }
            if (round > 0) {
                stats.retried.increment();
            }
            if (row == null) {
                if (items.deleteIfUnchanged(key, item)) {
                    done = Outcome.DELETED;
                }
            } else {
                Long seen = items.version(item);
                long v = clock.next();
                if (seen != null && seen >= v) {
                    v = seen + 1;
                }
                if (items.replaceIfUnchanged(key, item, builder.item(row, v))) {
                    done = Outcome.COPIED;
                }
            }
        }
        return Outcome.FAILED;
    }
}
