package dev.outagelab.statuspage.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code /api/lab/instances.json}: what the Statuspage shape has no place for (latency, last check,
 * probe outcome), keyed by the same component ids so the page can join the two.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstancesDto(
        String generatedAt,
        long probeIntervalMs,
        long probeTimeoutMs,
        long roundsCompleted,
        String lastRoundAt,
        List<Instance> instances) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Instance(
            String id,
            String name,
            String component,
            String groupId,
            String region,
            /** up, down or unknown (not yet probed). */
            String state,
            String status,
            String statusSince,
            String lastCheckedAt,
            Double latencyMs,
            String outcome,
            String reason) {
    }
}
