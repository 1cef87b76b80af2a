package dev.outagelab.statuspage.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 incident; {@code components} are the linked components as they are now. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentDto(
        String id,
        String name,
        String status,
        String createdAt,
        String updatedAt,
        String monitoringAt,
        String resolvedAt,
        String impact,
        String shortlink,
        String startedAt,
        String pageId,
        List<IncidentUpdateDto> incidentUpdates,
        List<ComponentDto> components) {
}
