package dev.shift.core.store;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditPage;
import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.MigrationState;

import java.util.List;
import java.util.Optional;

/**
 * Where the flag state and the audit trail outlive the JVM. {@link FileFlagStore} serves one
 * instance; {@link DynamoDbFlagStore} lets a fleet share one phase.
 *
 * <p>Writes are optimistic: {@link #save} names the version the change was based on, so two operators
 * (or two instances) cannot silently overwrite each other.
 */
public interface FlagStore extends AutoCloseable {

    /** The last saved state, or empty when nothing was ever saved (a fresh install). */
    Optional<MigrationState> load();

    /**
     * Persists {@code next} if the stored version is still {@code expectedVersion} (0 = nothing stored).
     *
     * @throws VersionConflictException when someone else saved first; nothing was written
     */
    void save(long expectedVersion, MigrationState next);

    /** Appends one entry durably. */
    void append(AuditEntry entry);

    /** Newest first; {@code limit} ≥ 1 and {@code offset} ≥ 0 (callers validate). */
    AuditPage audit(int limit, int offset);

    /** Every instance sharing this store and the flag version each has applied (this one included). */
    List<InstanceStatus> instances(MigrationControl control);

    /** This instance's id as it appears in {@link #instances}. */
    String instanceId();

    /** Human-readable location for logs and the panel, e.g. "file /var/lib/shift/shift-state.json". */
    String describe();

    /**
     * Starts keeping {@code control} in step with the store: a fleet store polls and applies newer
     * versions and reports this instance's applied version. The file store has nothing to follow.
     */
    default void follow(MigrationControl control) {
    }

    /** Tells the store this instance now runs {@code state} (a fleet store reports it at once). */
    default void applied(MigrationState state) {
    }

    /** Stops following; never throws. */
    @Override
    void close();
}
