package dev.outagelab.dbnode.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outagelab.dbnode.role.Role;
import dev.outagelab.dbnode.role.RoleState;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The Quarkus tests see an UP node; a failed fsync cannot be caused there, so the rule is checked here. */
class DbReadinessTest {

    @Test
    void aHealthyNodeIsUpInEveryModeWithItsRoleInTheData() {
        HealthCheckResponse readOnly = DbReadiness.evaluate(new RoleState(Role.PRIMARY, null, true), "", Optional.empty());
        HealthCheckResponse replica = DbReadiness.evaluate(new RoleState(Role.REPLICA, "db-east-1", false), "",
                Optional.empty());

        assertEquals(HealthCheckResponse.Status.UP, readOnly.getStatus());
        assertEquals(true, readOnly.getData().orElseThrow().get("readOnly"));
        assertEquals(HealthCheckResponse.Status.UP, replica.getStatus());
        assertEquals("replica", replica.getData().orElseThrow().get("role"));
        assertEquals("db-east-1", replica.getData().orElseThrow().get("source"));
    }

    @Test
    void aFailedBinlogIsDownWithTheError() {
        HealthCheckResponse response = DbReadiness.evaluate(new RoleState(Role.PRIMARY, null, false), "u:1-3",
                Optional.of(new IOException("fsync failed: EIO")));

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertTrue(String.valueOf(data.get("binlogError")).contains("fsync failed: EIO"), data.toString());
        assertEquals("u:1-3", data.get("gtidExecuted"));
    }
}
