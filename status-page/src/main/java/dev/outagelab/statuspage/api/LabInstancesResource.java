package dev.outagelab.statuspage.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.NoCache;

import dev.outagelab.statuspage.core.ComponentIds;
import dev.outagelab.statuspage.core.TargetState;
import dev.outagelab.statuspage.probe.Prober;

/** Per-instance probe details for the page and for drills; an extension next to the v2 API. */
@Path("/api/lab")
@Produces(MediaType.APPLICATION_JSON)
@NoCache
public class LabInstancesResource {

    @Inject
    Prober prober;

    @GET
    @Path("/instances.json")
    public InstancesDto instances() {
        List<InstancesDto.Instance> instances = new ArrayList<>();
        for (TargetState state : prober.board().snapshot()) {
            instances.add(new InstancesDto.Instance(
                    ComponentIds.instance(state.target().name()),
                    state.target().name(),
                    state.target().component(),
                    ComponentIds.group(state.target().component()),
                    state.target().region(),
                    state.status().name().toLowerCase(Locale.ROOT),
                    switch (state.status()) {
                        case UP -> "operational";
                        case DOWN -> "major_outage";
                        case UNKNOWN -> null;
                    },
                    Timestamps.format(state.statusSince()),
                    Timestamps.format(state.lastCheckedAt()),
                    state.lastLatency() == null ? null : Math.round(state.lastLatency().toNanos() / 100_000.0) / 10.0,
                    state.lastOutcome() == null ? null : state.lastOutcome().tag(),
                    state.reason()));
        }
        return new InstancesDto(
                Timestamps.format(Instant.now()),
                prober.interval().toMillis(),
                prober.timeout().toMillis(),
                prober.roundsCompleted(),
                Timestamps.format(prober.lastRoundCompletedAt()),
                List.copyOf(instances));
    }
}
