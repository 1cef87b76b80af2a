package dev.outagelab.statuspage.probe;

import dev.outagelab.statuspage.core.Sample;

/** A sample and the component it counts for. */
public record Observation(String componentKey, Sample sample) {
}
