package dev.outagelab.statuspage.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.outagelab.statuspage.core.DiscoveredService;
import dev.outagelab.statuspage.core.ProbeOutcome;
import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.Sample;
import dev.outagelab.statuspage.core.Target;

/**
 * The readiness of every instance DNS lists for one service, probed together each round like configured
 * targets; an instance that left DNS is a failed sample ("gone from DNS since ...") until it is forgotten.
 */
final class DiscoveredInstancesProbe implements Probe {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final DiscoveredService service;
    private final DnsDiscovery discovery;
    private final HttpProbe http;
    private final List<String> componentKeys;
    private final Clock clock;

    DiscoveredInstancesProbe(DiscoveredService service, DnsDiscovery discovery, HttpProbe http,
            List<String> componentKeys, Clock clock) {
        this.service = service;
        this.discovery = discovery;
        this.http = http;
        this.componentKeys = List.copyOf(componentKeys);
        this.clock = clock;
    }

    @Override
    public String name() {
        return service.component() + " instances in " + service.name();
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        List<DnsDiscovery.Instance> instances = discovery.instances(service);
        List<CompletableFuture<Sample>> samples = new ArrayList<>(instances.size());
        for (DnsDiscovery.Instance instance : instances) {
            CompletableFuture<ProbeResult> result = instance.goneSince() == null
                    ? http.probe(new Target(instance.name(), service.component(), "", instance.healthUrl()))
                    : CompletableFuture.completedFuture(ProbeResult.down(ProbeOutcome.ERROR, clock.instant(),
                            Duration.ZERO, "gone from DNS since " + TIME.format(instance.goneSince())));
            samples.add(result.thenApply(r -> Sample.of(Sample.Kind.INSTANCE, instance.name(), r)));
        }
        return CompletableFuture.allOf(samples.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<Observation> out = new ArrayList<>();
            for (CompletableFuture<Sample> sample : samples) {
                for (String key : componentKeys) {
                    out.add(new Observation(key, sample.join()));
                }
            }
            return out;
        });
    }
}
