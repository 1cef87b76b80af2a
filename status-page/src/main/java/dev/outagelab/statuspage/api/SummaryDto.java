package dev.outagelab.statuspage.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 {@code summary.json}: unresolved incidents; no scheduled maintenances exist here. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"page", "components", "incidents", "scheduled_maintenances", "status"})
public record SummaryDto(
        PageDto page,
        List<ComponentDto> components,
        List<IncidentDto> incidents,
        List<Object> scheduledMaintenances,
        StatusDto status) {
}
