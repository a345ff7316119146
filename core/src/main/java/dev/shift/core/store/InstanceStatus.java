package dev.shift.core.store;

import java.time.Instant;

/**
 * One instance of the application as its flag store sees it.
 *
 * @param appliedVersion the flag version that instance runs; equal everywhere = the switch is complete
 * @param lastSeen       its latest heartbeat
 * @param self           this is the instance answering the request
 * @param stale          no heartbeat for a while (stopped, or cut off from the store)
 */
public record InstanceStatus(String instanceId, long appliedVersion, Instant lastSeen, boolean self, boolean stale) {
}
