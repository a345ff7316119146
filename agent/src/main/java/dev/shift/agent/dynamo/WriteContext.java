package dev.shift.agent.dynamo;

import java.sql.SQLException;

/** What a write plan may ask while turning a statement into item writes. */
public interface WriteContext {

    /** Reads that see the transaction's own buffered writes (or DynamoDB itself under autocommit). */
    ItemReader reader();

    /**
     * True inside an open transaction: writes are buffered until COMMIT, so row matching is decided now by
     * reading ({@link #reader()}), and conditions only guard against concurrent change.
     */
    boolean buffered();

    /** Value of the version attribute for this statement's writes (write time in µs since the epoch, increasing). */
    long version();

    /** The id for an AUTO_INCREMENT column the statement did not set (from MySQL's generated keys, or IdAllocator). */
    long generatedKey(String table, String column) throws SQLException;
}
