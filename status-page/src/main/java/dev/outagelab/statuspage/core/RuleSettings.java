package dev.outagelab.statuspage.core;

import java.time.Duration;

/**
 * Thresholds of {@link StateRules} and {@link Hysteresis}; see the module README for what each means.
 *
 * @param latencyPercentile 1 to 100; computed over every sample in the window, failures and timeouts included
 */
public record RuleSettings(
        Duration window,
        double partialFailureRate,
        double majorFailureRate,
        double majorDownFraction,
        Duration latencyThreshold,
        int latencyPercentile,
        int worsenAfter,
        int improveAfter) {

    /** The documented defaults, tuned for 1s probes: a dead check turns red in about 3s. */
    public static RuleSettings defaults() {
        return new RuleSettings(Duration.ofSeconds(5), 0.2, 0.5, 0.5, Duration.ofMillis(500), 95, 2, 3);
    }
}
