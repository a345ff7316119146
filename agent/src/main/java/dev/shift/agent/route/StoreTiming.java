package dev.shift.agent.route;

import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import java.sql.SQLException;

/** Times one call to one store and counts its failure: the single place the router's latency metrics come from. */
final class StoreTiming {

    /** A call to a store. */
    interface Call<T> {
        T run() throws SQLException;
    }

    private final ShiftMetrics metrics;

    StoreTiming(ShiftMetrics metrics) {
        this.metrics = metrics;
    }

    <T> T read(Store store, Call<T> call) throws SQLException {
        return timed(store, false, call);
    }

    <T> T write(Store store, Call<T> call) throws SQLException {
        return timed(store, true, call);
    }

    private <T> T timed(Store store, boolean write, Call<T> call) throws SQLException {
        long start = System.nanoTime();
        try {
            return call.run();
        } catch (SQLException | RuntimeException e) {
            metrics.error(store);
            throw e;
        } finally {
            long elapsed = System.nanoTime() - start;
            if (write) {
                metrics.recordWrite(store, elapsed);
            } else {
                metrics.recordRead(store, elapsed);
            }
        }
    }
}
