package dev.outagelab.statuspage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Statuspage v2 {@code status}: indicator none|minor|major|critical and its description. */
@RegisterForReflection
public record StatusDto(String indicator, String description) {
}
