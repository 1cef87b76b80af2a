package dev.outagelab.statuspage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 {@code status.json}. */
@RegisterForReflection
public record PageStatusDto(PageDto page, StatusDto status) {
}
