package dev.outagelab.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.outagelab.orchestrator.analysis.Analysis;
import dev.outagelab.orchestrator.analysis.Analyzer;
import dev.outagelab.orchestrator.audit.AuditKind;
import dev.outagelab.orchestrator.audit.AuditLog;
import dev.outagelab.orchestrator.raft.RaftNode;
import dev.outagelab.orchestrator.recovery.Recoverer;
import dev.outagelab.orchestrator.topology.DnsDiscovery;
import dev.outagelab.orchestrator.topology.Topology;
import dev.outagelab.orchestrator.topology.TopologyPoller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * The orchestrator's heartbeat: start Raft and polling at start-up; after each polling round analyse the topology,
 * note leadership changes, and let the recoverer act.
 */
@Singleton
public class OrchestratorLoop {

    private static final Logger LOG = Logger.getLogger(OrchestratorLoop.class);

    private final TopologyPoller poller;
    private final Analyzer analyzer;
    private final RaftNode raft;
    private final Recoverer recoverer;
    private final AuditLog audit;
    private final Optional<DnsDiscovery> discovery;
    private volatile Analysis latest;
    private boolean wasLeader;

    OrchestratorLoop(TopologyPoller poller, Analyzer analyzer, RaftNode raft, Recoverer recoverer, AuditLog audit,
                     Optional<DnsDiscovery> discovery) {
        this.poller = poller;
        this.discovery = discovery;
        this.analyzer = analyzer;
        this.raft = raft;
        this.recoverer = recoverer;
        this.audit = audit;
        this.latest = analyzer.analyze(poller.current());
    }

    void start(@Observes StartupEvent event) {
        try {
            raft.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the Raft server could not start (orchestrator.raft.*)", e);
        }
        poller.onRound(this::onRound);
        poller.start();
        discovery.ifPresent(d -> d.start(found -> poller.watch(found)
                .forEach(t -> LOG.infof("discovered db-node %s at %s", t.name(), t.adminUrl()))));
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        discovery.ifPresent(DnsDiscovery::close);
        poller.close();
        raft.close();
    }

    private void onRound(Topology topology) {
        Analysis analysis = analyzer.analyze(topology);
        latest = analysis;
        boolean leader = raft.isActingLeader();
        if (leader != wasLeader) {
            wasLeader = leader;
            audit.record(AuditKind.LEADERSHIP, leader ? "became the acting Raft leader"
                    : "no longer the acting Raft leader", raft.describe());
        }
        recoverer.onAnalysis(topology, analysis);
    }

    public Analysis latestAnalysis() {
        return latest;
    }

    public Topology topology() {
        return poller.current();
    }
}
