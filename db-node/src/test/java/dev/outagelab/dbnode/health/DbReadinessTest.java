package dev.outagelab.dbnode.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.replication.ReplicaStatus;
import dev.outagelab.dbnode.replication.ReplicationState;
import dev.outagelab.dbnode.role.NodeRole;
import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleState;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The Quarkus tests see an UP node; a failed fsync cannot be caused there, so the rule is checked here. */
class DbReadinessTest {

    private static final String SOURCE = "http://127.0.0.1:8087";

    private static ReplicaStatus replica(ReplicationState state, String error) {
        return new ReplicaStatus(state, SOURCE, null, error, null, 10L, state == ReplicationState.STREAMING ? 0.0 : null,
                null, 0);
    }

    @Test
    void aHealthyNodeIsUpInEveryModeWithItsRoleInTheData() {
        HealthCheckResponse readOnly = DbReadiness.evaluate(new RoleState(Role.PRIMARY, null, true),
                Optional.of(NodeRole.FENCE_REASON), "", Optional.empty(), ReplicaStatus.primary());
        HealthCheckResponse replica = DbReadiness.evaluate(new RoleState(Role.REPLICA, SOURCE, false), Optional.empty(),
                "",
                Optional.empty(), replica(ReplicationState.STREAMING, null));

        assertEquals(HealthCheckResponse.Status.UP, readOnly.getStatus());
        assertEquals(true, readOnly.getData().orElseThrow().get("readOnly"));
        // A primary fenced after a restart serves reads: ready, and the data says why it refuses writes.
        assertEquals(NodeRole.FENCE_REASON, readOnly.getData().orElseThrow().get("readOnlyReason"));
        assertEquals(HealthCheckResponse.Status.UP, replica.getStatus());
        assertEquals("replica", replica.getData().orElseThrow().get("role"));
        assertEquals(SOURCE, replica.getData().orElseThrow().get("source"));
        assertEquals("streaming", replica.getData().orElseThrow().get("replicationState"));
    }

    @Test
    void aReplicaThatIsNotStreamingIsDownWithTheReason() {
        for (ReplicationState state : new ReplicationState[] {ReplicationState.CONNECTING, ReplicationState.ERROR,
                ReplicationState.STOPPED}) {
            HealthCheckResponse response = DbReadiness.evaluate(new RoleState(Role.REPLICA, SOURCE, false), Optional.empty(),
                "",
                    Optional.empty(), replica(state, "source answered 401"));

            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus(), state.text());
            assertEquals(state.text(), response.getData().orElseThrow().get("replicationState"));
            assertEquals("source answered 401", response.getData().orElseThrow().get("replicationError"));
        }
    }

    @Test
    void aFailedBinlogIsDownWithTheError() {
        HealthCheckResponse response = DbReadiness.evaluate(new RoleState(Role.PRIMARY, null, false), Optional.empty(),
                "u:1-3",
                Optional.of(new IOException("fsync failed: EIO")), ReplicaStatus.primary());

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertTrue(String.valueOf(data.get("binlogError")).contains("fsync failed: EIO"), data.toString());
        assertEquals("u:1-3", data.get("gtidExecuted"));
    }
}
