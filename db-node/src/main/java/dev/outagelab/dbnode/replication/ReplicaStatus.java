package dev.outagelab.dbnode.replication;

import java.time.Instant;
import java.util.UUID;

/**
 * A replica's replication as of one moment.
 *
 * @param lastContactMillisAgo since the last event or heartbeat from the source; null before the first
 * @param secondsBehind null when unknown (not streaming)
 * @param bytesBehind the source's binlog bytes the stream has not read yet; null when unknown
 */
public record ReplicaStatus(ReplicationState state, String source, UUID sourceUuid, String lastError,
        Instant lastErrorAt, Long lastContactMillisAgo, Double secondsBehind, Long bytesBehind, long eventsApplied) {

    public static ReplicaStatus primary() {
        return new ReplicaStatus(ReplicationState.NOT_CONFIGURED, null, null, null, null, null, 0.0, 0L, 0);
    }
}
