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
 * first, then a missing primary (holistic: the replicas vote), then a second, read-only primary (an old primary
 * fenced after a failover) or a fenced primary, then errant GTIDs, then lag.
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
        if (!primary.get().reachable()) {
            return unreachablePrimary(topology, primary.get());
        }
        List<NodeObservation> otherReadOnlyPrimaries = topology.nodes().stream()
                .filter(n -> n != primary.get() && n.reachable() && n.status().isPrimary() && !n.status().writable())
                .toList();
        DbNodeStatus p = primary.get().status();
        if (p.writable() && !otherReadOnlyPrimaries.isEmpty()) {
            return formerPrimaries(topology, primary.get(), otherReadOnlyPrimaries);
        }
        if (p.fenced() && !p.writable()) {
            return fencedPrimary(topology, primary.get());
        }
        return reachablePrimary(topology, primary.get());
    }

    /**
     * The primary is the reachable writable primary if there is one (so after a failover the old one, dead or
     * fenced, stops mattering); otherwise the known primary (or replication source) that most replicas point at,
     * reachable or not, a reachable one winning a tie: a dead primary is still found from its replicas' view, and
     * an old primary that came back fenced does not outrank the new one its replicas follow.
     */
    private static Optional<NodeObservation> primaryOf(Topology topology) {
        Optional<NodeObservation> writable = topology.nodes().stream()
                .filter(n -> n.reachable() && n.status().isPrimary() && n.status().writable())
                .findFirst();
        if (writable.isPresent()) {
            return writable;
        }
        Comparator<NodeObservation> byFollowers = Comparator.<NodeObservation>comparingInt(
                n -> topology.replicasOf(n).size()).thenComparing(NodeObservation::reachable);
        return topology.nodes().stream()
                .filter(n -> n.known() && (n.status().isPrimary() || !topology.replicasOf(n).isEmpty()))
                .max(byFollowers);
    }

    /**
     * The primary is writable and other reachable nodes still have the primary role but are read-only: old
     * primaries that came back fenced after a failover. No action: they keep their fence until a human reconciles
     * (the evidence says what only they have, which the db-node's ledger lists write by write).
     */
    private Analysis formerPrimaries(Topology topology, NodeObservation primary, List<NodeObservation> formers) {
        List<Evidence> evidence = new ArrayList<>();
        DbNodeStatus p = primary.status();
        evidence.add(new Evidence(primary.name(), "reachable, role primary, writable, gtidExecuted "
                + describe(p.gtidExecuted())));
        for (NodeObservation f : formers) {
            DbNodeStatus s = f.status();
            evidence.add(new Evidence(f.name(), "reachable, role primary but read-only ("
                    + (s.readOnlyReason() == null ? "read-only mode" : s.readOnlyReason()) + "), not the primary: "
                    + primary.name() + " is"));
            GtidSet only = s.gtidExecuted().subtract(p.gtidExecuted());
            evidence.add(new Evidence(f.name(), only.isEmpty()
                    ? "has no transactions " + primary.name() + " lacks: it can rejoin as its replica (replicate-from)"
                    : only.count() + " transactions " + primary.name() + " lacks: " + only
                            + " (GET /admin/db/ledger?other=" + p.url() + " on " + f.name() + " lists them)"));
        }
        return new Analysis(AnalysisCode.FencedFormerPrimary, primary.name(), evidence, topology.at());
    }

    /**
     * The primary came back fenced after a restart. It is undisputed — and its fence may be lifted — only when
     * every node has answered since this orchestrator started (one that never did may be a newer primary), no
     * other node is or was last seen as a writable primary, no other fenced primary has as many replicas, and no
     * replica of it holds GTIDs it lacks (someone else took writes). Otherwise it stays fenced.
     */
    private Analysis fencedPrimary(Topology topology, NodeObservation primary) {
        DbNodeStatus p = primary.status();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence(primary.name(), "reachable, role primary, read-only ("
                + (p.readOnlyReason() == null ? "fenced" : p.readOnlyReason()) + "), gtidExecuted "
                + describe(p.gtidExecuted())));
        int followers = topology.replicasOf(primary).size();
        List<Evidence> disputes = new ArrayList<>();
        for (NodeObservation n : topology.nodes()) {
            if (n == primary) {
                continue;
            }
            if (!n.known()) {
                disputes.add(new Evidence(n.name(), "never answered since this orchestrator started ("
                        + n.lastError() + "): it may be a newer primary"));
            } else if (n.status().isPrimary() && n.status().writable()) {
                disputes.add(new Evidence(n.name(), "unreachable (" + n.lastError()
                        + "), last seen as a writable primary"));
            } else if (n.status().isPrimary() && topology.replicasOf(n).size() >= followers) {
                disputes.add(new Evidence(n.name(), "also a read-only primary, with as many replicas ("
                        + topology.replicasOf(n).size() + ")"));
            } else if (n.status().isPrimary()) {
                evidence.add(new Evidence(n.name(), "also a read-only primary, with fewer replicas ("
                        + topology.replicasOf(n).size() + "): it stays fenced"));
            } else if (topology.replicasOf(primary).contains(n)) {
                GtidSet extra = n.status().gtidExecuted().subtract(p.gtidExecuted());
                if (!extra.isEmpty()) {
                    disputes.add(new Evidence(n.name(), "replica holding GTIDs " + primary.name() + " lacks: "
                            + extra));
                } else {
                    evidence.add(new Evidence(n.name(), "replicates from it, replication "
                            + n.status().replicationState()));
                }
            } else if (!n.status().isPrimary()) {
                disputes.add(new Evidence(n.name(), "replicates from " + n.status().source() + ", not from "
                        + primary.name()));
            }
        }
        if (disputes.isEmpty()) {
            evidence.add(new Evidence(primary.name(), "undisputed: no other node is or was last seen as a writable "
                    + "primary"));
            return new Analysis(AnalysisCode.FencedPrimary, primary.name(), evidence, topology.at());
        }
        evidence.addAll(disputes);
        evidence.add(new Evidence(primary.name(), "stays fenced: a human decides which node is the primary"));
        return new Analysis(AnalysisCode.FencedFormerPrimary, null, evidence, topology.at());
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
