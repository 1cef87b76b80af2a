package dev.outagelab.statuspage.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.outagelab.statuspage.core.ProbeResult;
import dev.outagelab.statuspage.core.Sample;
import dev.outagelab.statuspage.core.Target;

/** An instance's readiness, counted for every component the instance serves (a db node: writes and reads). */
final class InstanceProbe implements Probe {

    private final Target target;
    private final HttpProbe http;
    private final List<String> componentKeys;
    private final Consumer<ProbeResult> onResult;

    InstanceProbe(Target target, HttpProbe http, List<String> componentKeys, Consumer<ProbeResult> onResult) {
        this.target = target;
        this.http = http;
        this.componentKeys = List.copyOf(componentKeys);
        this.onResult = onResult;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public CompletableFuture<List<Observation>> run() {
        return http.probe(target).thenApply(result -> {
            onResult.accept(result);
            Sample sample = Sample.of(Sample.Kind.INSTANCE, target.name(), result);
            List<Observation> out = new ArrayList<>();
            for (String key : componentKeys) {
                out.add(new Observation(key, sample));
            }
            return out;
        });
    }
}
