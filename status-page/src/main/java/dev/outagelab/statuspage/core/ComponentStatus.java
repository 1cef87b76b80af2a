package dev.outagelab.statuspage.core;

import java.util.Locale;

/** Atlassian Statuspage component statuses, ordered from best to worst for roll-ups. */
public enum ComponentStatus {
    OPERATIONAL,
    /**
     * Used only for instances not yet probed (the first round after start-up): Statuspage has no
     * "unknown", and this is the one value clients neither alert on nor read as healthy.
     */
    UNDER_MAINTENANCE,
    DEGRADED_PERFORMANCE,
    PARTIAL_OUTAGE,
    MAJOR_OUTAGE;

    /** The API spelling, e.g. {@code major_outage}. */
    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
