package dev.outagelab.dbnode.replication;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The replicas streaming from this node right now, for status (and the operator who wonders who is attached). */
public final class ConnectedReplicas {

    /** One open stream. */
    public record Link(long id, UUID replicaUuid, String replicaName, String remoteAddress, Instant connectedAt) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Link> links = new ConcurrentHashMap<>();

    Link connected(UUID replicaUuid, String replicaName, String remoteAddress, Instant at) {
        Link link = new Link(ids.incrementAndGet(), replicaUuid, replicaName, remoteAddress, at);
        links.put(link.id(), link);
        return link;
    }

    void disconnected(Link link) {
        links.remove(link.id());
    }

    public List<Link> current() {
        return links.values().stream().sorted(Comparator.comparingLong(Link::id)).toList();
    }
}
