package dev.outagelab.statuspage.history;

import java.time.Instant;

import dev.outagelab.statuspage.core.ComponentStatus;

/** A stored change of a component's shown status. */
public record StateChange(String componentKey, String componentName, ComponentStatus status, ComponentStatus previous,
        String reason, Instant at) {
}
