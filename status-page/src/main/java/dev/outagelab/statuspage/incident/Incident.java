package dev.outagelab.statuspage.incident;

import java.time.Instant;
import java.util.List;

/**
 * An incident as stored and served. Immutable; {@link IncidentService} replaces it on every change.
 *
 * @param automatic opened by the page (it then also moves it to monitoring and resolves it)
 * @param updates   newest first, as Statuspage lists them
 */
public record Incident(
        String id,
        String name,
        IncidentStatus status,
        Impact impact,
        boolean automatic,
        Instant createdAt,
        Instant updatedAt,
        Instant monitoringAt,
        Instant resolvedAt,
        List<String> componentKeys,
        List<IncidentUpdate> updates) {

    public boolean open() {
        return status != IncidentStatus.RESOLVED;
    }
}
