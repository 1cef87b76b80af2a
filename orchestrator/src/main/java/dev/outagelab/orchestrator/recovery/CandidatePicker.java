package dev.outagelab.orchestrator.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.orchestrator.topology.DbNodeStatus;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;

/**
 * Chooses the replica to promote when a primary died. Only reachable replicas of that primary qualify; a replica
 * with errant GTIDs (transactions of another server that the primary never had) never does. Among the rest the
 * most advanced GTID set wins, and on a tie the primary's own region. With prevent-cross-region-failover only the
 * primary's region counts at all.
 */
public class CandidatePicker {

    private final boolean preventCrossRegionFailover;
    private final Duration failPromotionOnLag;

    public CandidatePicker(boolean preventCrossRegionFailover, Duration failPromotionOnLag) {
        this.preventCrossRegionFailover = preventCrossRegionFailover;
        this.failPromotionOnLag = failPromotionOnLag;
    }

    /**
     * @param chosen   the replica to promote, or null when none qualifies
     * @param excluded why each other replica was passed over, or why there was no candidate at all
     */
    public record Choice(NodeObservation chosen, List<String> excluded) {
    }

    public Choice pick(Topology topology, NodeObservation failedPrimary) {
        DbNodeStatus primary = failedPrimary.status();
        List<String> excluded = new ArrayList<>();
        List<NodeObservation> eligible = new ArrayList<>();
        for (NodeObservation r : topology.replicasOf(failedPrimary)) {
            if (!r.reachable()) {
                excluded.add(r.name() + ": unreachable");
                continue;
            }
            GtidSet errant = errant(r.status().gtidExecuted(), primary);
            if (!errant.isEmpty()) {
                excluded.add(r.name() + ": errant GTIDs " + errant);
                continue;
            }
            Double lag = r.status().secondsBehind();
            if (!failPromotionOnLag.isZero() && lag != null && lag * 1000 > failPromotionOnLag.toMillis()) {
                excluded.add(r.name() + ": " + lag + " s behind, over fail-promotion-on-lag "
                        + failPromotionOnLag.toMillis() / 1000.0 + " s");
                continue;
            }
            if (preventCrossRegionFailover && !r.region().equals(failedPrimary.region())) {
                excluded.add(r.name() + ": in " + r.region() + ", prevent-cross-region-failover keeps the primary in "
                        + failedPrimary.region());
                continue;
            }
            eligible.add(r);
        }
        Comparator<NodeObservation> order = Comparator
                .comparingLong((NodeObservation n) -> n.status().gtidExecuted().count()).reversed()
                .thenComparing(n -> !n.region().equals(failedPrimary.region()))
                .thenComparing(NodeObservation::name);
        NodeObservation chosen = eligible.stream().min(order).orElse(null);
        if (chosen == null && excluded.isEmpty()) {
            excluded.add(failedPrimary.name() + ": has no replicas");
        }
        return new Choice(chosen, excluded);
    }

    /**
     * What the replica holds beyond the primary's last known set, leaving out the primary's own transactions:
     * the primary may have committed more after our last poll, and the replica may well have them.
     */
    static GtidSet errant(GtidSet replica, DbNodeStatus primary) {
        GtidSet beyond = replica.subtract(primary.gtidExecuted());
        try {
            return primary.uuid() == null ? beyond : beyond.withoutServer(UUID.fromString(primary.uuid()));
        } catch (IllegalArgumentException notAUuid) {
            return beyond; // a status without a proper uuid cannot own any GTID of the set
        }
    }
}
