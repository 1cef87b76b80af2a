package dev.outagelab.statuspage.incident;

import java.time.Instant;

/** One post on an incident: what was known at the time, by the page or by a person. */
public record IncidentUpdate(String id, String incidentId, IncidentStatus status, String body, Instant createdAt) {
}
