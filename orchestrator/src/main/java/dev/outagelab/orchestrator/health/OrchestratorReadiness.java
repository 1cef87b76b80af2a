package dev.outagelab.orchestrator.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.outagelab.orchestrator.OrchestratorLoop;
import dev.outagelab.orchestrator.raft.RaftNode;
import io.vertx.core.json.JsonObject;

/**
 * Ready once this node's Raft server runs, leader or not (a follower is a healthy orchestrator). The data carries
 * what the status page shows per component: the Raft role and leader, and the current analysis of the databases.
 */
@Readiness
@Singleton
public class OrchestratorReadiness implements HealthCheck {

    private final RaftNode raft;
    private final OrchestratorLoop loop;

    OrchestratorReadiness(RaftNode raft, OrchestratorLoop loop) {
        this.raft = raft;
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("orchestrator");
        JsonObject view;
        try {
            view = raft.describe();
        } catch (RuntimeException e) {
            return response.down().withData("error", e.toString()).build();
        }
        String role = view.getString("role");
        response.withData("raftRole", role)
                .withData("raftLeader", String.valueOf(view.getString("leader")))
                .withData("actingLeader", view.getBoolean("actingLeader", false))
                .withData("analysis", loop.latestAnalysis().code().name());
        return "STOPPED".equals(role) ? response.down().build() : response.up().build();
    }
}
