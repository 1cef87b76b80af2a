package dev.outagelab.statuspage.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The result of one probe. Latency is measured for failures and timeouts too, because a slow
 * failure and a fast one mean different things to the person on call.
 *
 * @param reason short human text when down ({@code HTTP 503}, {@code timeout after 800ms}), null when up
 */
public record ProbeResult(ProbeOutcome outcome, Instant checkedAt, Duration latency, String reason) {

    public static ProbeResult up(Instant checkedAt, Duration latency) {
        return new ProbeResult(ProbeOutcome.UP, checkedAt, latency, null);
    }

    public static ProbeResult down(ProbeOutcome outcome, Instant checkedAt, Duration latency, String reason) {
        return new ProbeResult(outcome, checkedAt, latency, reason);
    }
}
