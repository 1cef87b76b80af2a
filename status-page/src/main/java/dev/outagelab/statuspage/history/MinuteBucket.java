package dev.outagelab.statuspage.history;

import java.time.Instant;

import dev.outagelab.statuspage.core.ComponentStatus;

/** Probe samples of one component over one minute (or one day, when summed by {@link HistoryStore#days}). */
public record MinuteBucket(String componentKey, Instant start, int samples, int failures, ComponentStatus worst) {

    /** Share of samples that succeeded, 0..1; 1 when nothing was sampled. */
    public double uptime() {
        return samples == 0 ? 1.0 : (samples - failures) / (double) samples;
    }
}
