package dev.outagelab.statuspage.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.outagelab.statuspage.core.Sample;

/**
 * The status page's own component when no status-page instance is configured as a target: a round that
 * runs is this process serving. Its outages are seen by whoever probes it from outside (the lab does).
 */
final class SelfProbe implements Probe {

    private final String componentKey;
    private final Clock clock;

    SelfProbe(String componentKey, Clock clock) {
        this.componentKey = componentKey;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "self";
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        Sample sample = new Sample(Sample.Kind.INSTANCE, "this status page", clock.instant(), true, Duration.ZERO, null);
        return CompletableFuture.completedFuture(List.of(new Observation(componentKey, sample)));
    }
}
