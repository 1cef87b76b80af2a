package dev.outagelab.statuspage.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Immutable snapshot of one target. Fields other than target and status are null until the first
 * probe finishes; {@code statusSince} is the start-up time while the status is unknown.
 */
public record TargetState(
        Target target,
        TargetStatus status,
        Instant statusSince,
        Instant lastCheckedAt,
        Duration lastLatency,
        ProbeOutcome lastOutcome,
        String reason) {

    public static TargetState unknown(Target target, Instant since) {
        return new TargetState(target, TargetStatus.UNKNOWN, since, null, null, null, null);
    }

    /** The state after {@code result}; the change time moves only when up/down actually flips. */
    public TargetState after(ProbeResult result) {
        TargetStatus next = result.outcome().isUp() ? TargetStatus.UP : TargetStatus.DOWN;
        Instant since = next == status ? statusSince : result.checkedAt();
        return new TargetState(target, next, since, result.checkedAt(), result.latency(), result.outcome(),
                result.reason());
    }
}
