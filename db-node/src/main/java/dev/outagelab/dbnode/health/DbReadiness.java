package dev.outagelab.dbnode.health;

import dev.outagelab.dbnode.replication.ReplicaStatus;
import dev.outagelab.dbnode.replication.Replication;
import dev.outagelab.dbnode.replication.ReplicationState;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleState;
import dev.outagelab.dbnode.store.KvStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the node can serve its role: the store is open (this bean exists only after it opened), its
 * binlog has not failed, and a replica is streaming from its source (a replica that has lost its source, or whose
 * replication was stopped, serves ever staler reads: DOWN, with the reason). A failed binlog refuses every write until a restart, and a replica applies through the
 * binlog too, so either role is DOWN then, with the error. Read-only mode is not a fault: the node is ready to
 * serve reads, and the data says it refuses writes and why. That holds for a primary fenced after a restart too:
 * it serves reads (the orchestrator or an operator decides whether it takes writes again), and a restart must not
 * hang on readiness waiting for a decision that needs the node up.
 */
@Readiness
@ApplicationScoped
public class DbReadiness implements HealthCheck {

    static final String NAME = "db-node";

    @Inject
    KvStore store;

    @Inject
    NodeRole role;

    @Inject
    Replication replication;

    @Override
    public HealthCheckResponse call() {
        return evaluate(role.current(), role.readOnlyReason(), store.executed().toString(), store.binlog().failure(),
                replication.status());
    }

    static HealthCheckResponse evaluate(RoleState state, Optional<String> readOnlyReason, String executed,
            Optional<Throwable> binlogFailure, ReplicaStatus replica) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("role", state.role().text())
                .withData("readOnly", state.readOnly())
                .withData("gtidExecuted", executed);
        readOnlyReason.ifPresent(reason -> response.withData("readOnlyReason", reason));
        state.sourceName().ifPresent(source -> response.withData("source", source));
        binlogFailure.ifPresent(failure -> response.withData("binlogError", failure.toString()));
        boolean replicating = true;
        if (state.role() == Role.REPLICA) {
            response.withData("replicationState", replica.state().text());
            if (replica.lastError() != null) {
                response.withData("replicationError", replica.lastError());
            }
            if (replica.secondsBehind() != null) {
                response.withData("secondsBehind", String.valueOf(replica.secondsBehind()));
            }
            replicating = replica.state() == ReplicationState.STREAMING;
        }
        return response.status(binlogFailure.isEmpty() && replicating).build();
    }
}
