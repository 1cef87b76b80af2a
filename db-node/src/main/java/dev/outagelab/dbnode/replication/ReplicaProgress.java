package dev.outagelab.dbnode.replication;

import dev.outagelab.dbnode.retention.ReplicaPin;
import dev.outagelab.kit.gtid.GtidSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each known replica has executed, as its streams report it (the set it connects with, then every
 * acknowledgement), so binlog retention keeps what they still need. A replica pins while it streams and for
 * {@code unseen} after its last report; one gone longer no longer holds the log back, as MySQL's purge would not
 * wait for it either. Kept in memory: after a restart of this node, replicas pin again once they reconnect.
 */
public final class ReplicaProgress {

    private record Known(String name, GtidSet executed, Instant lastSeen, int streams) {
    }

    private final Map<UUID, Known> replicas = new ConcurrentHashMap<>();

    void streamOpened(UUID replica, String name, GtidSet executed, Instant at) {
        replicas.merge(replica, new Known(name, executed, at, 1),
                (old, opened) -> new Known(name, executed, at, old.streams() + 1));
    }

    void streamClosed(UUID replica, Instant at) {
        replicas.computeIfPresent(replica,
                (uuid, old) -> new Known(old.name(), old.executed(), at, Math.max(0, old.streams() - 1)));
    }

    void reported(UUID replica, GtidSet executed, Instant at) {
        replicas.compute(replica, (uuid, old) -> old == null
                ? new Known(replica.toString(), executed, at, 0)
                : new Known(old.name(), executed, at, old.streams()));
    }

    /** The replicas that hold the binlog back at {@code now}: streaming, or seen within {@code unseen}. */
    public List<ReplicaPin> pins(Instant now, Duration unseen) {
        List<ReplicaPin> pins = new ArrayList<>();
        replicas.forEach((uuid, known) -> {
            if (known.streams() > 0 || !known.lastSeen().plus(unseen).isBefore(now)) {
                pins.add(new ReplicaPin(known.name() + " (" + uuid + ")", known.executed()));
            }
        });
        return pins;
    }
}
