package dev.outagelab.statuspage.core;

import java.time.Duration;
import java.time.Instant;

/**
 * One observation that feeds a component's rules: an instance's readiness probe or one synthetic
 * check. Failed and timed-out probes keep the latency they really took, so percentiles include them.
 *
 * @param source  what was probed, e.g. {@code db-node-east-0} or {@code dns 127.0.0.1:15353}
 * @param reason  short text when failed ({@code timeout after 800ms}), null when ok
 */
public record Sample(Kind kind, String source, Instant at, boolean ok, Duration latency, String reason) {

    public enum Kind {
        /** An instance's readiness endpoint; counts in the fraction of instances down. */
        INSTANCE,
        /** A check that does what a user does; counts in the failure rate. */
        SYNTHETIC
    }

    public static Sample of(Kind kind, String source, ProbeResult result) {
        return new Sample(kind, source, result.checkedAt(), result.outcome().isUp(), result.latency(), result.reason());
    }
}
