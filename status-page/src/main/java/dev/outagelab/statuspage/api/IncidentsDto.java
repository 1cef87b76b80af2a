package dev.outagelab.statuspage.api;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 {@code incidents.json} and {@code incidents/unresolved.json}. */
@RegisterForReflection
public record IncidentsDto(PageDto page, List<IncidentDto> incidents) {
}
