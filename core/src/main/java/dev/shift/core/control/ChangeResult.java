package dev.shift.core.control;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.flags.MigrationState;

import java.util.Optional;

/**
 * What a change request did.
 *
 * @param entry the audit entry, empty when the requested flags were already in force (nothing changed,
 *              nothing audited, version unchanged)
 */
public record ChangeResult(MigrationState state, Optional<AuditEntry> entry) {

    public boolean changed() {
        return entry.isPresent();
    }
}
