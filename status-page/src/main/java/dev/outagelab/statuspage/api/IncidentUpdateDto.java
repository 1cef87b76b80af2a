package dev.outagelab.statuspage.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 incident update. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentUpdateDto(
        String id,
        String status,
        String body,
        String incidentId,
        String createdAt,
        String updatedAt,
        String displayAt,
        boolean deliverNotifications) {
}
