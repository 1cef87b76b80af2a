package dev.outagelab.orchestrator.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.outagelab.orchestrator.OrchestratorLoop;
import dev.outagelab.orchestrator.analysis.AnalysisCode;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.raft.RaftNode;
import dev.outagelab.orchestrator.topology.NodeObservation;
import dev.outagelab.orchestrator.topology.Topology;
import dev.outagelab.orchestrator.topology.TopologyPoller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The orchestrator on /q/metrics: whether this node acts as leader, the current analysis (one gauge per code,
 * 1 for the current one), whether each db-node answered the last poll, and audit events by kind (detections,
 * skipped recoveries, promotions, DNS updates...). Gauges read the live state on every scrape.
 */
@ApplicationScoped
public class OrchestratorMetrics {

    static final String ACTING_LEADER = "orchestrator.raft.acting.leader";
    static final String ANALYSIS = "orchestrator.analysis";
    static final String DB_NODE_REACHABLE = "orchestrator.db.node.reachable";
    static final String AUDIT_EVENTS = "orchestrator.audit.events";

    private final Set<String> registeredDbNodes = ConcurrentHashMap.newKeySet();

    void register(@Observes StartupEvent started, MeterRegistry registry, RaftNode raft, OrchestratorLoop loop,
                  TopologyPoller poller, AuditLog audit) {
        Gauge.builder(ACTING_LEADER, raft, r -> r.isActingLeader() ? 1 : 0)
                .description("1 while this node is the acting Raft leader (may recover and update DNS)")
                .register(registry);
        for (AnalysisCode code : AnalysisCode.values()) {
            Gauge.builder(ANALYSIS, loop, l -> l.latestAnalysis().code() == code ? 1 : 0).tag("code", code.name())
                    .description("1 for the code of the latest analysis of the database cluster")
                    .register(registry);
        }
        registerDbNodes(registry, poller, poller.current());
        // Discovered db-nodes appear later, and their region only with their first status.
        poller.onRound(topology -> registerDbNodes(registry, poller, topology));
        audit.onEntry(entry -> Counter.builder(AUDIT_EVENTS).tag("kind", entry.kind().name())
                .description("Audit log entries by kind").register(registry).increment());
    }

    private void registerDbNodes(MeterRegistry registry, TopologyPoller poller, Topology topology) {
        for (NodeObservation node : topology.nodes()) {
            String name = node.name();
            if (NodeObservation.UNKNOWN_REGION.equals(node.region()) || !registeredDbNodes.add(name)) {
                continue;
            }
            Gauge.builder(DB_NODE_REACHABLE, poller, p -> p.current().node(name)
                            .map(n -> n.reachable() ? 1 : 0).orElse(0))
                    .tag("db_node", name).tag("db_region", node.region())
                    .description("1 when the db-node answered this orchestrator's latest poll")
                    .register(registry);
        }
    }
}
