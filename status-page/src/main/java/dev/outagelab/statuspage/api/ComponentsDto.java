package dev.outagelab.statuspage.api;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 {@code components.json}. */
@RegisterForReflection
public record ComponentsDto(PageDto page, List<ComponentDto> components) {
}
