package dev.outagelab.lab.local;

import java.time.Duration;

/**
 * Restart delays for one instance: 1 s, 2 s, 4 s ... capped at 30 s, so a crash loop costs little CPU on
 * a small machine. A process that ran for a minute counts as healthy again and restarts after 1 s.
 */
public final class Backoff {

    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration HEALTHY_RUN = Duration.ofSeconds(60);

    private int failures;

    /** The delay before the next restart of a process that ran for {@code ranFor} and then exited. */
    public synchronized Duration next(Duration ranFor) {
        if (ranFor.compareTo(HEALTHY_RUN) >= 0) {
            failures = 0;
        }
        // Shift capped at 5 (32 s) so the arithmetic can never overflow however long a crash loop lasts.
        Duration delay = INITIAL.multipliedBy(1L << Math.min(failures, 5));
        failures++;
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }

    public synchronized void reset() {
        failures = 0;
    }
}
