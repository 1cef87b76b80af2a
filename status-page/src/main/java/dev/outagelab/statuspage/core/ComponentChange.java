package dev.outagelab.statuspage.core;

/** A component's shown status changed; {@code from} is null for its first verdict. */
public record ComponentChange(ComponentDef component, ComponentStatus from, ComponentState to) {
}
