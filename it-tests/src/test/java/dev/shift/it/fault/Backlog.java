package dev.shift.it.fault;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.AdminClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's backlog (outbox entries whose DynamoDB side has not landed yet), as an operator sees it: {@code counters.pendingReplays}
 * (and {@code backlog.pending} where the status has it) on {@code GET /api/migration/status}, and the
 * {@code shift_pending_replays} gauge on {@code /metrics}.
 */
final class Backlog {

    private static final Pattern GAUGE = Pattern.compile("(?m)^shift_pending_replays(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    private Backlog() {
    }

    /**
     * {@code counters.pendingReplays} of the status (-1: the agent's source failed), or {@code backlog.pending} if the
     * status has it and it is higher.
     */
    static long fromStatus(AdminClient admin) {
        try {
            Map<String, Object> status = JSON.std.mapFrom(admin.status().expect(200).body());
            Map<?, ?> counters = (Map<?, ?>) status.get("counters");
            Object pending = counters == null ? null : counters.get("pendingReplays");
            if (!(pending instanceof Number n)) {
                throw new AssertionError("the admin status has no counters.pendingReplays: " + status);
            }
            long count = n.longValue();
            if (status.get("backlog") instanceof Map<?, ?> backlog && backlog.get("pending") instanceof Number p) {
                count = Math.max(count, p.longValue());
            }
            return count;
        } catch (IOException e) {
            throw new AssertionError("the admin status is not JSON", e);
        }
    }

    /** The {@code shift_pending_replays} sample of {@code /metrics}; empty if the gauge is left out. */
    static OptionalLong fromMetrics(AdminClient admin) {
        Matcher m = GAUGE.matcher(admin.metrics().expect(200).body());
        return m.find() ? OptionalLong.of((long) Double.parseDouble(m.group(1))) : OptionalLong.empty();
    }

    /** Polls the status until {@code until} holds for the backlog; returns that value, or fails after {@code timeout}. */
    static long await(AdminClient admin, LongPredicate until, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last;
        do {
            last = fromStatus(admin);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s (pendingReplays is " + last + ")");
    }
}
