package dev.outagelab.orchestrator.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.outagelab.kit.gtid.GtidSet;
import dev.outagelab.orchestrator.topology.DbNodeStatus;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;

/**
 * Turns one topology round into one {@link Analysis}. Pure: the same topology gives the same verdict, which is
 * what the golden-directory tests rely on. The order of checks is the order of severity: two writable primaries
 * first, then a missing primary (holistic: the replicas vote), then errant GTIDs, then lag.
 */
public class Analyzer {

    private final Duration replicaLostSourceAfter;
    private final Duration lagThreshold;

    public Analyzer(Duration replicaLostSourceAfter, Duration lagThreshold) {
        this.replicaLostSourceAfter = replicaLostSourceAfter;
        this.lagThreshold = lagThreshold;
    }

    public Analysis analyze(Topology topology) {
        List<NodeObservation> writablePrimaries = topology.nodes().stream()
                .filter(n -> n.reachable() && n.status().isPrimary() && n.status().writable())
                .toList();
        if (writablePrimaries.size() > 1) {
            return splitBrain(topology, writablePrimaries);
        }
        Optional<NodeObservation> primary = primaryOf(topology);
        if (primary.isEmpty()) {
            List<Evidence> evidence = new ArrayList<>();
            for (NodeObservation n : topology.nodes()) {
                evidence.add(new Evidence(n.name(), n.known() ? "role " + n.status().role() + ", no source"
                        : "never answered: " + n.lastError()));
            }
            return new Analysis(AnalysisCode.UnreachablePrimary, null, evidence, topology.at());
        }
        return primary.get().reachable()
                ? reachablePrimary(topology, primary.get())
                : unreachablePrimary(topology, primary.get());
    }

    /**
     * The primary is a reachable writable primary if there is one; otherwise the last known primary (or replication
     * source) that most replicas point at, so a dead primary is still found from its replicas' view.
     */
    private static Optional<NodeObservation> primaryOf(Topology topology) {
        Comparator<NodeObservation> byFollowers = Comparator.comparingInt(n -> topology.replicasOf(n).size());
        Optional<NodeObservation> live = topology.nodes().stream()
                .filter(n -> n.reachable() && n.status().isPrimary())
                .max(byFollowers);
        if (live.isPresent()) {
            return live;
        }
        return topology.nodes().stream()
                .filter(n -> n.known() && (n.status().isPrimary() || !topology.replicasOf(n).isEmpty()))
                .max(byFollowers);
    }

    private Analysis splitBrain(Topology topology, List<NodeObservation> primaries) {
        List<Evidence> evidence = new ArrayList<>();
        for (NodeObservation p : primaries) {
            evidence.add(new Evidence(p.name(), "reachable, role primary, writable, gtidExecuted "
                    + describe(p.status().gtidExecuted())));
        }
        for (NodeObservation p : primaries) {
            for (NodeObservation other : primaries) {
                GtidSet only = p.status().gtidExecuted().subtract(other.status().gtidExecuted());
                if (p != other && !only.isEmpty()) {
                    evidence.add(new Evidence(p.name(), only.count() + " transactions " + other.name()
                            + " lacks: " + only));
                }
            }
        }
        return new Analysis(AnalysisCode.SplitBrain, null, evidence, topology.at());
    }

    private Analysis reachablePrimary(Topology topology, NodeObservation primary) {
        List<Evidence> evidence = new ArrayList<>();
        DbNodeStatus p = primary.status();
        evidence.add(new Evidence(primary.name(), "reachable, role primary, " + (p.writable() ? "writable" : "read-only")
                + ", gtidExecuted " + describe(p.gtidExecuted())));
        List<NodeObservation> replicas = topology.replicasOf(primary).stream().filter(NodeObservation::reachable)
                .toList();
        List<Evidence> errant = new ArrayList<>();
        for (NodeObservation r : replicas) {
            GtidSet extra = r.status().gtidExecuted().subtract(p.gtidExecuted());
            if (!extra.isEmpty()) {
                errant.add(new Evidence(r.name(), "errant GTIDs the primary lacks: " + extra));
            }
        }
        if (!errant.isEmpty()) {
            evidence.addAll(errant);
            return new Analysis(AnalysisCode.ErrantGtids, primary.name(), evidence, topology.at());
        }
        int lagging = 0;
        for (NodeObservation r : replicas) {
            Double behind = r.status().secondsBehind();
            boolean lags = behind != null && behind > lagThreshold.toMillis() / 1000.0;
            lagging += lags ? 1 : 0;
            evidence.add(new Evidence(r.name(), "replication " + r.status().replicationState() + ", "
                    + (behind == null ? "lag unknown" : behind + " s behind")
                    + (lags ? " (over " + seconds(lagThreshold) + ")" : "")));
        }
        AnalysisCode code = !replicas.isEmpty() && lagging == replicas.size()
                ? AnalysisCode.AllReplicasLagging : AnalysisCode.NoProblem;
        return new Analysis(code, primary.name(), evidence, topology.at());
    }

    private Analysis unreachablePrimary(Topology topology, NodeObservation primary) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence(primary.name(), "unreachable from this orchestrator: " + primary.lastError()));
        List<NodeObservation> replicas = topology.replicasOf(primary);
        List<NodeObservation> reachable = replicas.stream().filter(NodeObservation::reachable).toList();
        for (NodeObservation r : replicas) {
            if (!r.reachable()) {
                evidence.add(new Evidence(r.name(), "replica, also unreachable: " + r.lastError()));
            }
        }
        if (reachable.isEmpty()) {
            evidence.add(new Evidence(primary.name(), replicas.isEmpty()
                    ? "has no replicas to confirm it is dead" : "no reachable replica can confirm it is dead"));
            return new Analysis(AnalysisCode.UnreachablePrimary, primary.name(), evidence, topology.at());
        }
        boolean anyStillHears = false;
        for (NodeObservation r : reachable) {
            DbNodeStatus s = r.status();
            Long ago = s.lastContactMillisAgo();
            boolean lost = !"streaming".equals(s.replicationState()) || ago == null
                    || ago > replicaLostSourceAfter.toMillis();
            anyStillHears |= !lost;
            evidence.add(new Evidence(r.name(), "replication " + s.replicationState() + ", last heard from "
                    + primary.name() + " " + (ago == null ? "never" : ago + " ms ago")
                    + (lost ? " (lost it)" : " (still hears it)")));
        }
        AnalysisCode code;
        if (anyStillHears) {
            code = AnalysisCode.UnreachablePrimary;
        } else {
            code = reachable.size() == replicas.size()
                    ? AnalysisCode.DeadPrimary : AnalysisCode.DeadPrimaryAndSomeReplicas;
        }
        return new Analysis(code, primary.name(), evidence, topology.at());
    }

    private static String describe(GtidSet set) {
        return set.isEmpty() ? "(empty)" : set.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }
}
