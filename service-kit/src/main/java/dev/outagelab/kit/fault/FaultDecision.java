package dev.outagelab.kit.fault;

import java.time.Duration;

/**
 * What the active faults do to one request: hold it, or delay it and then either fail it with
 * {@code errorStatus} or let it through ({@code errorStatus == 0}).
 */
public record FaultDecision(boolean hang, Duration delay, int errorStatus) {

    public static final FaultDecision PASS = new FaultDecision(false, Duration.ZERO, 0);

    public boolean passes() {
        return !hang && delay.isZero() && errorStatus == 0;
    }
}
