package dev.outagelab.orchestrator.topology;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Every watched db-node as seen from this orchestrator at one moment; who replicates from whom follows from it. */
public record Topology(Instant at, List<NodeObservation> nodes) {

    public Topology {
        nodes = List.copyOf(nodes);
    }

    public Optional<NodeObservation> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The node whose last known URL or uuid is the given replica's source. */
    public Optional<NodeObservation> sourceOf(NodeObservation replica) {
        DbNodeStatus status = replica.status();
        if (status == null || (status.source() == null && status.sourceUuid() == null)) {
            return Optional.empty();
        }
        return nodes.stream().filter(n -> n.known() && n != replica)
                .filter(n -> Objects.equals(trimSlash(n.status().url()), trimSlash(status.source()))
                        || (status.sourceUuid() != null && status.sourceUuid().equals(n.status().uuid())))
                .findFirst();
    }

    /** Nodes whose last known status names {@code primary} as their source. */
    public List<NodeObservation> replicasOf(NodeObservation primary) {
        return nodes.stream().filter(n -> n.known() && n != primary)
                .filter(n -> sourceOf(n).map(s -> s.name().equals(primary.name())).orElse(false))
                .toList();
    }

    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        for (NodeObservation n : nodes) {
            list.add(n.toJson().put("replicatesFrom", sourceOf(n).map(NodeObservation::name).orElse(null)));
        }
        return new JsonObject().put("at", at.toString()).put("nodes", list);
    }

    private static String trimSlash(String url) {
        return url == null ? null : url.replaceAll("/+$", "");
    }
}
