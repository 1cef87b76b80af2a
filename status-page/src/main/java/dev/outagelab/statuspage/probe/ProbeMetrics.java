package dev.outagelab.statuspage.probe;

import java.time.Duration;

import dev.outagelab.statuspage.core.ProbeOutcome;
import dev.outagelab.statuspage.core.StatusBoard;
import dev.outagelab.statuspage.core.Target;
import dev.outagelab.statuspage.core.TargetState;
import dev.outagelab.statuspage.core.TargetStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code statuspage_probe_latency_seconds{target,component,outcome}} and
 * {@code statuspage_target_up{target,component,region}} (1 up, 0 down, NaN not yet probed, so an
 * alert on {@code == 0} does not fire during start-up).
 */
final class ProbeMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500),
    };

    private final MeterRegistry registry;

    ProbeMetrics(MeterRegistry registry, StatusBoard board) {
        this.registry = registry;
        for (TargetState state : board.snapshot()) {
            Target target = state.target();
            Gauge.builder("statuspage.target.up", board, b -> upValue(b.get(target.name())))
                    .description("1 when the target's readiness answered 200 on the last probe, 0 when not")
                    .tags("target", target.name(), "component", target.component(), "region", target.region())
                    .register(registry);
        }
    }

    void recordLatency(Target target, ProbeOutcome outcome, Duration latency) {
        Timer.builder("statuspage.probe.latency")
                .description("Readiness probe latency, failures and timeouts included")
                .tags("target", target.name(), "component", target.component(), "outcome", outcome.tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(latency);
    }

    private static double upValue(TargetState state) {
        if (state == null || state.status() == TargetStatus.UNKNOWN) {
            return Double.NaN;
        }
        return state.status() == TargetStatus.UP ? 1.0 : 0.0;
    }
}
