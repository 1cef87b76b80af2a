package dev.outagelab.dbnode.binlog;

/**
 * Told about every fsync and every committed batch, so a node can export fsync latency and group-commit sizes
 * without the binlog knowing about any metrics library. Called on the commit thread: implementations must be
 * quick and must not throw, or they would slow or fail every writer waiting on the batch.
 */
public interface CommitObserver {

    CommitObserver NONE = new CommitObserver() {
    };

    /** One {@code FileChannel.force} returned after {@code nanos}. */
    default void fsynced(long nanos) {
    }

    /** A batch of {@code appends} appends ({@code events} events) became durable. */
    default void committed(int appends, int events) {
    }
}
