package dev.outagelab.kit.fault;

import java.util.Locale;

/**
 * Which traffic a fault touches. {@code app} is the application port only, so probes still see a healthy process
 * (a gray failure); {@code all} also hits health and metrics on the management port, as a sick process would.
 * Admin endpoints are never faulted, so a fault can always be cleared.
 */
public enum FaultTarget {
    APP,
    ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
