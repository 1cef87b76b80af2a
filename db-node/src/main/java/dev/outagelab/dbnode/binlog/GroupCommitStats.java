package dev.outagelab.dbnode.binlog;

/**
 * How well group commit is working: with many concurrent writers, {@code fsyncs} should be far below
 * {@code appends}, and {@code largestBatch} shows how many appends one fsync carried at best.
 */
public record GroupCommitStats(long appends, long events, long batches, long fsyncs, long largestBatch) {

    /** Appends per batch on average; 1.0 means every writer paid for its own fsync. */
    public double averageBatch() {
        return batches == 0 ? 0 : (double) appends / batches;
    }
}
