package dev.outagelab.cdnedge.origin;

import java.time.Duration;

/**
 * Fails fast for an origin that keeps failing: after {@code threshold} consecutive failures it opens for
 * {@code openFor}, then lets one trial request through (half-open); the trial's outcome closes or re-opens it.
 * A threshold of 0 disables it, as the front end in the Black Friday story had none.
 */
final class CircuitBreaker {

    /** closed: requests flow; open: they fail at once; half-open: one trial is in flight. */
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int failures;
    private long openUntil;

    CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openFor = openFor;
    }

    synchronized boolean allow() {
        if (threshold == 0 || state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && System.nanoTime() - openUntil >= 0) {
            state = State.HALF_OPEN;
            return true;
        }
        return false;
    }

    synchronized void success() {
        state = State.CLOSED;
        failures = 0;
    }

    synchronized void failure() {
        failures++;
        if (threshold > 0 && (state == State.HALF_OPEN || failures >= threshold)) {
            state = State.OPEN;
            openUntil = System.nanoTime() + openFor.toNanos();
        }
    }

    synchronized State state() {
        return state;
    }
}
